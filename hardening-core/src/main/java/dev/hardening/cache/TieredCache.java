package dev.hardening.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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

	private static final int STRIPES = 256;

	private final String name;

	private final CacheSpec spec;

	private final @Nullable RemoteTier remote;

	private final Ticker ticker;

	private final Executor executor;

	private final AsyncCache<String, Entry> local;

	private final Map<String, Boolean> refreshing = new ConcurrentHashMap<>();

	/**
	 * Local change counters: one per stripe of keys, bumped by every put, evict and invalidation
	 * of a key of the stripe, and one for the whole cache, bumped by every clear. A fill of L1 that
	 * saw other counts before it started is not kept.
	 */
	private final AtomicLongArray changes = new AtomicLongArray(STRIPES);

	private final AtomicLong clears = new AtomicLong();

	private TieredCache(Builder builder) {
		this.name = builder.name;
		this.spec = builder.spec;
		this.remote = builder.remote;
		this.ticker = builder.ticker;
		this.executor = builder.executor;
		this.local = Caffeine.newBuilder()
			.maximumSize(this.spec.maxSize())
			.expireAfter(new JitteredExpiry())
			.ticker(this.ticker)
			.executor(this.executor)
			.recordStats()
			.buildAsync();
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
	 * Returns the process tier, for statistics.
	 * @return the Caffeine cache
	 */
	public Cache<String, Entry> local() {
		return this.local.synchronous();
	}

	/**
	 * Looks a key up in L1, then L2; never loads.
	 * @param key the key
	 * @return the value, or {@code null} if neither tier has it
	 */
	public @Nullable CachedValue getIfPresent(String key) {
		CompletableFuture<Entry> present = this.local.getIfPresent(key);
		if (present != null) {
			try {
				return new CachedValue(present.join().value());
			}
			catch (CompletionException | java.util.concurrent.CancellationException ex) {
				// a load in flight failed: as good as absent
			}
		}
		if (this.remote == null) {
			return null;
		}
		long before = changeCount(key);
		CachedValue shared = this.remote.get(this.name, key);
		if (shared != null) {
			CompletableFuture<Entry> found = CompletableFuture
				.completedFuture(new Entry(shared.value(), this.ticker.read()));
			// kept only if nothing changed the key while Redis answered; checked under the map's lock
			this.local.asMap().computeIfAbsent(key, (absent) -> (changeCount(key) == before) ? found : null);
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
		CompletableFuture<Entry> present = this.local.getIfPresent(key);
		if (present != null && present.isDone() && !present.isCompletedExceptionally()) {
			// the hit path: no allocation, no write to the map
			Entry entry = present.join();
			refreshIfOld(key, present, entry, loader);
			return (T) entry.value();
		}
		CompletableFuture<Entry> mine = new CompletableFuture<>();
		CompletableFuture<Entry> existing = this.local.asMap().putIfAbsent(key, mine);
		if (existing != null) {
			Entry entry = join(existing);
			refreshIfOld(key, existing, entry, loader);
			return (T) entry.value();
		}
		Entry loaded;
		boolean keep;
		try {
			Loaded load = loadThrough(key, loader);
			loaded = load.entry();
			keep = load.current();
		}
		catch (Throwable ex) {
			mine.completeExceptionally(ex);
			this.local.asMap().remove(key, mine);
			throw (ex instanceof CacheLoadException load) ? load : new CacheLoadException(this.name, ex);
		}
		mine.complete(loaded);
		if (!keep || (loaded.value() == null && this.spec.nullTtl() == null)) {
			// the waiters have their answer; nothing is kept, since it is stale or a null not to cache
			this.local.asMap().remove(key, mine);
		}
		return (T) loaded.value();
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
			this.remote.put(this.name, key, value, sharedTtl(value));
		}
		changed(key);
		this.local.put(key, CompletableFuture.completedFuture(new Entry(value, this.ticker.read())));
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

	/** Counts the change first, so that a fill in flight is not kept, then drops the entry. */
	private void invalidateLocal(@Nullable String key) {
		if (key == null) {
			this.clears.incrementAndGet();
			this.local.synchronous().invalidateAll();
		}
		else {
			changed(key);
			this.local.synchronous().invalidate(key);
		}
	}

	private void changed(String key) {
		this.changes.incrementAndGet(stripe(key));
	}

	/** Grows whenever the key may have changed: both counters only grow. */
	private long changeCount(String key) {
		return this.clears.get() + this.changes.get(stripe(key));
	}

	private static int stripe(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	/**
	 * Reads L2, else calls the loader and writes L2 unless the key changed meanwhile.
	 * @return the entry, and whether it is current enough to keep in L1
	 */
	private Loaded loadThrough(String key, Callable<?> loader) throws Exception {
		if (this.remote == null) {
			return new Loaded(new Entry(loader.call(), this.ticker.read()), true);
		}
		RemoteRead read = this.remote.read(this.name, key);
		CachedValue shared = read.found();
		if (shared != null) {
			return new Loaded(new Entry(shared.value(), this.ticker.read()), true);
		}
		Object value = loader.call();
		boolean current = true;
		if (value != null || this.spec.nullTtl() != null) {
			current = this.remote.putIfUnchanged(this.name, key, read, value, sharedTtl(value));
		}
		return new Loaded(new Entry(value, this.ticker.read()), current);
	}

	private Entry join(CompletableFuture<Entry> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof CacheLoadException load) ? load : new CacheLoadException(this.name, cause);
		}
	}

	private void refreshIfOld(String key, CompletableFuture<Entry> current, Entry entry, Callable<?> loader) {
		Duration refreshAfter = this.spec.refreshAfter();
		if (refreshAfter == null || this.ticker.read() - entry.loadedAt() < refreshAfter.toNanos()
				|| this.refreshing.putIfAbsent(key, Boolean.TRUE) != null) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					refresh(key, current, loader);
				}
				catch (Exception ex) {
					// a failed refresh keeps the current value until it expires
				}
				finally {
					this.refreshing.remove(key);
				}
			});
		}
		catch (RuntimeException ex) {
			this.refreshing.remove(key);
		}
	}

	/**
	 * Reloads a key and replaces the entry that was read, unless a put, evict or clear came in
	 * between: then the reloaded value may be older than the change, and is dropped.
	 */
	private void refresh(String key, CompletableFuture<Entry> current, Callable<?> loader) throws Exception {
		RemoteRead read = (this.remote != null) ? this.remote.read(this.name, key) : RemoteRead.failed();
		Object value = loader.call();
		if (value == null && this.spec.nullTtl() == null) {
			evict(key);
			return;
		}
		if (this.remote != null && !this.remote.putIfUnchanged(this.name, key, read, value, sharedTtl(value))) {
			return;
		}
		// the entry that was read is still there only if nothing invalidated or replaced it meanwhile
		this.local.asMap()
			.replace(key, current, CompletableFuture.completedFuture(new Entry(value, this.ticker.read())));
	}

	private Duration sharedTtl(@Nullable Object value) {
		Duration ttl = (value == null) ? Objects.requireNonNull(this.spec.nullTtl()) : this.spec.ttl();
		return Duration.ofNanos(jittered(ttl.toNanos()));
	}

	private long jittered(long ttlNanos) {
		double jitter = this.spec.jitter();
		if (jitter == 0) {
			return ttlNanos;
		}
		return ttlNanos - (long) (ttlNanos * jitter * ThreadLocalRandom.current().nextDouble());
	}

	/** A loaded entry, and whether it may be kept in L1: no change of its key came in between. */
	private record Loaded(Entry entry, boolean current) {
	}

	/**
	 * A value in L1, with the time it was loaded, for refresh-ahead.
	 *
	 * @param value the value, possibly {@code null}
	 * @param loadedAt the ticker's reading when it was loaded
	 */
	public record Entry(@Nullable Object value, long loadedAt) {
	}

	/** L1 TTL for values, null TTL for nulls, each shortened by the jitter. */
	private final class JitteredExpiry implements Expiry<String, Entry> {

		@Override
		public long expireAfterCreate(String key, Entry entry, long currentTime) {
			Duration nullTtl = TieredCache.this.spec.nullTtl();
			Duration ttl = (entry.value() == null && nullTtl != null) ? min(nullTtl, TieredCache.this.spec.l1Ttl())
					: TieredCache.this.spec.l1Ttl();
			return jittered(ttl.toNanos());
		}

		@Override
		public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
			return expireAfterCreate(key, entry, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
			return currentDuration;
		}

		private Duration min(Duration a, Duration b) {
			return (a.compareTo(b) <= 0) ? a : b;
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
