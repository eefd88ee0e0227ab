package dev.hardening.cache;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.hardening.cache.TieredCache.Entry;
import org.jspecify.annotations.Nullable;

/**
 * The process tier (L1) of a {@link TieredCache}: its entries, their deadlines, and the count of
 * changes that keeps a fill begun before a change out of it.
 * <p>
 * Each entry carries its own deadline (its TTL, or the null TTL for a {@code null}, shortened by
 * the jitter), from which every read takes it for absent and removes it. Caffeine only bounds
 * the memory: it drops an entry one L1 TTL after its write, which is never before the deadline. A
 * fixed expiry costs Caffeine far less per hit than one per entry, and Caffeine reads its time
 * from {@link #clock}, not from the ticker, so that a hit reads the ticker once, for the deadline.
 */
final class LocalTier {

	private static final int STRIPES = 256;

	/** How far Caffeine's time may fall behind the ticker while reads go on. */
	private static final long CLOCK_STEP = TimeUnit.MILLISECONDS.toNanos(1);

	/** The entries; one past its deadline may stay until a read or Caffeine removes it. */
	final Cache<String, Entry> cache;

	final L1Stats stats = new L1Stats();

	private final Ticker ticker;

	private final long ttlNanos;

	private final long nullTtlNanos;

	private final double jitter;

	/**
	 * Caffeine's time: a reading of the ticker by a recent read or write of this tier. It never
	 * goes back, and never ahead of the ticker; a write first brings it up to the load time of its
	 * entry, so that Caffeine's write time, and with it the drop one L1 TTL later, is never
	 * earlier than the entry's own.
	 */
	private final AtomicLong clock;

	/**
	 * Change counters: one per stripe of keys, bumped by every put, evict and invalidation of a key
	 * of the stripe, and one for the whole tier, bumped by every clear. A fill that saw other counts
	 * before it started is not kept.
	 */
	private final AtomicLongArray changes = new AtomicLongArray(STRIPES);

	private final AtomicLong clears = new AtomicLong();

	LocalTier(CacheSpec spec, Ticker ticker, Executor executor) {
		this.ticker = ticker;
		this.ttlNanos = spec.l1Ttl().toNanos();
		Duration nullTtl = spec.nullTtl();
		this.nullTtlNanos = (nullTtl != null) ? Math.min(nullTtl.toNanos(), this.ttlNanos) : this.ttlNanos;
		this.jitter = spec.jitter();
		this.clock = new AtomicLong(ticker.read());
		this.cache = Caffeine.newBuilder()
			.maximumSize(spec.maxSize())
			.expireAfterWrite(spec.l1Ttl())
			.ticker(this.clock::get)
			.executor(executor)
			.recordStats(() -> this.stats)
			.build();
	}

	/** Returns the cache for statistics, its clean-up seeing the ticker's time. */
	Cache<String, Entry> view() {
		return new LocalView(this.cache, () -> catchUp(this.ticker.read()));
	}

	/**
	 * Returns a new entry, living its L1 TTL (the null TTL for a {@code null}) shortened by the
	 * jitter.
	 */
	Entry entry(@Nullable Object value, long now) {
		return new Entry(value, now, now + jittered((value != null) ? this.ttlNanos : this.nullTtlNanos));
	}

	/** Shortens a TTL at random by up to the jitter. */
	long jittered(long ttlNanos) {
		if (this.jitter == 0) {
			return ttlNanos;
		}
		return ttlNanos - (long) (ttlNanos * this.jitter * ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * Takes the ticker's reading of a hit, moving Caffeine's time on if it fell behind by more than
	 * a step: one write per step, however many threads read.
	 */
	void tick(long now) {
		long time = this.clock.get();
		if (now - time > CLOCK_STEP) {
			this.clock.compareAndSet(time, now);
		}
	}

	/** Counts a change of the key: a put, an evict or an invalidation. */
	void changed(String key) {
		this.changes.incrementAndGet(stripe(key));
	}

	/** Counts a clear, a change of every key. */
	void cleared() {
		this.clears.incrementAndGet();
	}

	/** Grows whenever the key may have changed: both counters only grow. */
	long changeCount(String key) {
		return this.clears.get() + this.changes.get(stripe(key));
	}

	/** Stores an entry the application wrote; the caller has counted the change. */
	void put(String key, Entry entry) {
		catchUp(entry.loadedAt());
		this.cache.put(key, entry);
		// an entry added: Caffeine counts the puts of an asynchronous cache so
		this.stats.recordLoad(0);
	}

	/**
	 * Keeps an entry whose load or copy began at change count {@code before}, in place of none or
	 * of one past its deadline, unless the key changed since: checked under the map's lock, so that
	 * a put or evict either comes later and replaces it or is seen, and once more afterwards, for a
	 * clear that swept the map while it was being stored.
	 */
	void store(String key, Entry entry, long before) {
		if (changeCount(key) != before) {
			return;
		}
		catchUp(entry.loadedAt());
		this.cache.asMap()
			.compute(key, (k, present) -> (changeCount(k) == before
					&& (present == null || entry.loadedAt() - present.expiresAt() >= 0)) ? entry : present);
		if (changeCount(key) != before) {
			this.cache.asMap().remove(key, entry);
		}
	}

	/** Replaces the entry a refresh started from, if it is still there: nothing changed it since. */
	void replace(String key, Entry current, Entry reloaded) {
		catchUp(reloaded.loadedAt());
		this.cache.asMap().replace(key, current, reloaded);
	}

	/**
	 * Removes an entry that a read found past its deadline, unless another has replaced it
	 * meanwhile; the read, a hit for Caffeine, is a miss.
	 */
	void expired(String key, Entry entry) {
		this.stats.recordDeadRead();
		if (this.cache.asMap().remove(key, entry)) {
			this.stats.recordEviction(1, RemovalCause.EXPIRED);
		}
	}

	/** Brings Caffeine's time up to a reading of the ticker, unless it is there already. */
	private void catchUp(long now) {
		long time = this.clock.get();
		while (now - time > 0 && !this.clock.compareAndSet(time, now)) {
			time = this.clock.get();
		}
	}

	private static int stripe(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

}
