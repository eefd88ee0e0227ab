package dev.hardening.cache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The shared tier (L2) behind every instance's local caches. Implementations never throw: a
 * failure is a miss, a skipped write, and a metric.
 */
public interface RemoteTier {

	/**
	 * Looks a key up.
	 * @param cache the cache name
	 * @param key the key
	 * @return the value, or {@code null} on a miss or a failure
	 */
	default @Nullable CachedValue get(String cache, String key) {
		return read(cache, key).found();
	}

	/**
	 * Looks a key up and notes its version, for a later {@link #putIfUnchanged}.
	 * @param cache the cache name
	 * @param key the key
	 * @return what was found, with the key's version; {@link RemoteRead#failed()} on a failure
	 */
	RemoteRead read(String cache, String key);

	/**
	 * Stores a value loaded after {@code since} only if no put, evict or clear of the key happened
	 * in between, on any instance, checked atomically with the write; then tells the other
	 * instances to drop their copy. This is how a load that read the database before a change,
	 * and finishes after it, is kept from writing back the old value.
	 * @param cache the cache name
	 * @param key the key
	 * @param since the read that preceded the load
	 * @param value the value, possibly {@code null}
	 * @param ttl how long it lives
	 * @return {@code false} if the key changed since {@code since}, so the value is stale and was not
	 * stored; {@code true} otherwise, also when the tier failed (and nothing was stored)
	 */
	boolean putIfUnchanged(String cache, String key, RemoteRead since, @Nullable Object value, Duration ttl);

	/**
	 * Stores a value and tells the other instances to drop their copy.
	 * @param cache the cache name
	 * @param key the key
	 * @param value the value, possibly {@code null}
	 * @param ttl how long it lives
	 */
	void put(String cache, String key, @Nullable Object value, Duration ttl);

	/**
	 * Removes a key and tells the other instances to drop their copy.
	 * @param cache the cache name
	 * @param key the key
	 */
	void evict(String cache, String key);

	/**
	 * Empties a cache, in constant time whatever its size, and tells the other instances.
	 * @param cache the cache name
	 */
	void clear(String cache);

	/**
	 * Registers the local cache to drop entries other instances changed.
	 * @param cache the cache name
	 * @param listener told of each invalidation from another instance
	 */
	void subscribe(String cache, InvalidationListener listener);

	/**
	 * Told which local entries are stale.
	 */
	@FunctionalInterface
	interface InvalidationListener {

		/**
		 * Drops a local entry, or all of them.
		 * @param key the key, or {@code null} for every entry of the cache
		 */
		void invalidate(@Nullable String key);

	}

}
