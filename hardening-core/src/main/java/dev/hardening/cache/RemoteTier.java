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
	@Nullable CachedValue get(String cache, String key);

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
