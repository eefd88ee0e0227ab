package dev.hardening.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * A cache of two tiers: Caffeine in the process (L1) and, optionally, a {@link RemoteTier} shared
 * by every instance (L2). A read tries L1, then L2, then the loader; a write goes to both, and
 * the other instances drop their L1 copy.
 *
 * <ul>
 * <li><b>Single flight</b>: concurrent misses of one key in one process, through
 * {@link #get(String, Callable)}, cause one load; the others wait for its result, and share its
 * failure.</li>
 * <li><b>No stale write-back</b>: a load, a refresh or a fill of L1 from L2 that started before a
 * {@link #put}, {@link #evict} or {@link #clear} of its key (on this instance or, through the shared
 * tier, on another) and finishes after it stores its value in neither tier.</li>
 * <li><b>Jitter</b>: TTLs are shortened at random by up to {@link CacheSpec#jitter()}, so
 * entries written together do not expire together.</li>
 * <li><b>Negative caching</b>: a {@code null} result is cached for {@link CacheSpec#nullTtl()},
 * or not at all.</li>
 * <li><b>Refresh-ahead</b>: with {@link CacheSpec#refreshAfter()}, a read of an older entry
 * returns it and reloads it in the background.</li>
 * </ul>
 */
public final class TieredCache {

	private final String name;

	private final CacheSpec spec;

	private final @Nullable RemoteTier remote;

	private final Ticker ticker;

	/** The age at which a read reloads an entry; {@link Long#MAX_VALUE} without refresh-ahead. */
	private final long refreshAfterNanos;

	private final LocalTier local;

	private final Cache<String, Entry> view;

	private final SingleFlight loads;

	private final TierLoader loader;

	private TieredCache(Builder builder) {
		this.name = builder.name;
		this.spec = builder.spec;
		this.remote = builder.remote;
		this.ticker = builder.ticker;
		Duration refreshAfter = this.spec.refreshAfter();
		this.refreshAfterNanos = (refreshAfter != null) ? refreshAfter.toNanos() : Long.MAX_VALUE;
		this.local = new LocalTier(this.spec, this.ticker, builder.executor);
		this.view = this.local.view();
		this.loads = new SingleFlight(this.name);
		this.loader = new TierLoader(this.name, this.spec, this.remote, this.ticker, builder.executor, this.local,
				this::evict);
		if (this.remote != null) {
			this.remote.subscribe(this.name, this::invalidateLocal);
		}
	}

	/**
	 * Starts a cache.
	 * @param name the cache name, also its namespace in the shared tier
	 * @param spec how it behaves
	 * @return a builder
	 */
	public static Builder builder(String name, CacheSpec spec) {
		return new Builder(name, spec);
	}

	/**
	 * Returns the name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the spec.
	 * @return the spec
	 */
	public CacheSpec spec() {
		return this.spec;
	}

	/**
	 * Returns the process tier, for statistics. Its map may still hold an entry past its
	 * {@link Entry#expiresAt() deadline}, which every read of this cache takes for absent, until
	 * Caffeine drops it one L1 TTL after its write; its statistics count a read of such an entry as
	 * a miss. Its expiry sees time move with the reads and writes of this cache, and with
	 * {@link Cache#cleanUp()}.
	 * @return the Caffeine cache
	 */
	public Cache<String, Entry> local() {
		return this.view;
	}

	/**
	 * Looks a key up in L1, then L2; never loads, but waits for a load of the key in flight.
	 * @param key the key
	 * @return the value, or {@code null} if neither tier has it
	 */
	public @Nullable CachedValue getIfPresent(String key) {
		Entry entry = this.local.cache.getIfPresent(key);
		if (entry != null) {
			long now = this.ticker.read();
			this.local.tick(now);
			if (now - entry.expiresAt < 0) {
				return new CachedValue(entry.value);
			}
			this.local.expired(key, entry);
		}
		Entry loaded = this.loads.awaitRunning(key);
		if (loaded != null) {
			return new CachedValue(loaded.value);
		}
		if (this.remote == null) {
			return null;
		}
		long before = this.local.changeCount(key);
		CachedValue shared = this.remote.get(this.name, key);
		if (shared != null) {
			// kept only if nothing changed the key while Redis answered
			this.local.store(key, this.local.entry(shared.value(), this.ticker.read()), before);
		}
		return shared;
	}

	/**
	 * Returns the value of a key, loading it once for all concurrent callers if neither tier has
	 * it.
	 * @param key the key
	 * @param loader computes the value on a miss
	 * @param <T> the value type
	 * @return the value, possibly {@code null}
	 * @throws CacheLoadException if the loader failed, for this caller or the one it waited for
	 */
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(String key, Callable<T> loader) {
		Entry entry = this.local.cache.getIfPresent(key);
		if (entry != null) {
			// the hit path: one ticker reading, no allocation, no write to the map
			long now = this.ticker.read();
			this.local.tick(now);
			if (now - entry.expiresAt < 0) {
				if (now - entry.loadedAt >= this.refreshAfterNanos) {
					this.loader.refresh(key, entry, loader);
				}
				return (T) entry.value;
			}
			this.local.expired(key, entry);
		}
		return (T) this.loads.load(key, () -> this.loader.loadClaimed(key, loader)).value;
	}

	/**
	 * Stores a value in both tiers; the other instances drop their copy. A {@code null} value is
	 * stored only if null results are cached, and otherwise evicts the key. Loads of the key in
	 * flight, here or elsewhere, will not overwrite it.
	 * @param key the key
	 * @param value the value
	 */
	public void put(String key, @Nullable Object value) {
		if (value == null && this.spec.nullTtl() == null) {
			evict(key);
			return;
		}
		// Redis first, then L1: a fill of L1 that read Redis before the write sees the count move
		if (this.remote != null) {
			this.remote.put(this.name, key, value, this.loader.sharedTtl(value));
		}
		this.local.changed(key);
		this.loads.detach(key);
		this.local.put(key, this.local.entry(value, this.ticker.read()));
	}

	/**
	 * Removes a key from both tiers and from the other instances' L1. Loads of the key in flight,
	 * here or elsewhere, will not write their value back.
	 * @param key the key
	 */
	public void evict(String key) {
		if (this.remote != null) {
			this.remote.evict(this.name, key);
		}
		invalidateLocal(key);
	}

	/**
	 * Empties the cache in both tiers and in the other instances' L1.
	 */
	public void clear() {
		if (this.remote != null) {
			this.remote.clear(this.name);
		}
		invalidateLocal(null);
	}

	/**
	 * Counts the change first, so that a fill in flight is not kept, then lets later misses start
	 * their own load instead of waiting for one that began before the change, then drops the
	 * entry, or all of them.
	 */
	private void invalidateLocal(@Nullable String key) {
		if (key == null) {
			this.local.cleared();
			this.loads.detachAll();
			this.local.cache.invalidateAll();
		}
		else {
			this.local.changed(key);
			this.loads.detach(key);
			this.local.cache.invalidate(key);
		}
	}

	/**
	 * A value in L1, with the time it was loaded, for refresh-ahead, and the time from which it is
	 * absent. Equal only to itself, so that a conditional replace or removal of one entry never
	 * takes another that happens to hold the same value.
	 */
	public static final class Entry {

		private final @Nullable Object value;

		private final long loadedAt;

		private final long expiresAt;

		Entry(@Nullable Object value, long loadedAt, long expiresAt) {
			this.value = value;
			this.loadedAt = loadedAt;
			this.expiresAt = expiresAt;
		}

		/**
		 * Returns the value.
		 * @return the value, possibly {@code null}
		 */
		public @Nullable Object value() {
			return this.value;
		}

		/**
		 * Returns when the value was loaded.
		 * @return the ticker's reading when it was loaded
		 */
		public long loadedAt() {
			return this.loadedAt;
		}

		/**
		 * Returns when the entry expires: its L1 TTL, or the null TTL for a {@code null}, after
		 * {@link #loadedAt()}, shortened by the jitter.
		 * @return the first ticker reading at which the entry is absent
		 */
		public long expiresAt() {
			return this.expiresAt;
		}

		@Override
		public String toString() {
			return "Entry[value=" + this.value + ", loadedAt=" + this.loadedAt + ", expiresAt=" + this.expiresAt + "]";
		}

	}

	/**
	 * Builds a {@link TieredCache}.
	 */
	public static final class Builder {

		private final String name;

		private final CacheSpec spec;

		private @Nullable RemoteTier remote;

		private Ticker ticker = Ticker.systemTicker();

		private Executor executor = ForkJoinPool.commonPool();

		private Builder(String name, CacheSpec spec) {
			Objects.requireNonNull(name, "name must not be null");
			if (name.isEmpty() || name.chars().anyMatch((c) -> c <= ' ' || c == ':' || c == '|' || c > '~')) {
				throw new IllegalArgumentException("name must be printable ASCII without spaces, ':' or '|', but was '"
						+ name + "'");
			}
			this.name = name;
			this.spec = Objects.requireNonNull(spec, "spec must not be null");
		}

		/**
		 * Adds a shared tier; without one the cache is local only.
		 * @param remote the shared tier
		 * @return this builder
		 */
		public Builder remote(RemoteTier remote) {
			this.remote = Objects.requireNonNull(remote, "remote must not be null");
			return this;
		}

		/**
		 * Sets the time source of L1 expiry and refresh-ahead, so tests can move it.
		 * @param ticker nanosecond ticker
		 * @return this builder
		 */
		public Builder ticker(Ticker ticker) {
			this.ticker = Objects.requireNonNull(ticker, "ticker must not be null");
			return this;
		}

		/**
		 * Sets where refresh-ahead loads and L1 maintenance run; the common pool unless set.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.executor = Objects.requireNonNull(executor, "executor must not be null");
			return this;
		}

		/**
		 * Builds the cache.
		 * @return the cache
		 */
		public TieredCache build() {
			return new TieredCache(this);
		}

	}

}
