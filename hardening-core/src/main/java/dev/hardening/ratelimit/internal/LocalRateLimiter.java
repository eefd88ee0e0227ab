package dev.hardening.ratelimit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hardening.ratelimit.Limit;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.Refill;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketState;
import io.github.bucket4j.ConfigurationBuilder;
import io.github.bucket4j.MathType;
import org.jspecify.annotations.Nullable;

/**
 * Bucket4j bucket states held in size-bounded Caffeine maps, one map per policy and one bucket per
 * key. Exists because a plain map of buckets grows with every distinct key a client invents; each
 * map here stays within {@code maxKeys} and forgets a bucket once it would be full again (after
 * the policy's longest period without use).
 *
 * <p>A decision reads the clock once and allocates only itself. Each bucket is Bucket4j's own
 * state ({@link BucketState}, what its local buckets keep), refilled and consumed as Bucket4j's
 * synchronized bucket does, but with the decision's time and in place under the bucket's lock,
 * where Bucket4j's default bucket reads the clock itself and copies its state on every call.
 *
 * <p>Caffeine bounds the number of buckets but does not expire them: expiry would read the clock
 * again and record every read, where a cache bounded by size alone records none until it is half
 * full. Instead, while decisions come in, a sweep looks at a few buckets of the policy each
 * millisecond and forgets those unused for the longest period. It retires a bucket under the
 * bucket's lock before removing it, so a call that found the bucket a moment earlier does not
 * spend tokens where nobody will see them: it looks the key up again.
 */
public final class LocalRateLimiter implements RateLimiter {

	/** How often, at most, one policy's buckets are swept, while decisions come in. */
	private static final long SWEEP_INTERVAL_NANOS = Duration.ofMillis(1).toNanos();

	/** How many buckets one sweep looks at: a pass over 100,000 keys takes 0.4 seconds. */
	private static final int SWEEP_SIZE = 256;

	private final long maxKeys;

	private final @Nullable Clock clock;

	private final Map<RateLimitPolicy, PolicyBuckets> buckets = new ConcurrentHashMap<>();

	/**
	 * Creates a limiter on the system's monotonic clock.
	 * @param maxKeys the most buckets kept per policy, at least 1
	 */
	public LocalRateLimiter(long maxKeys) {
		this(maxKeys, null);
	}

	/**
	 * Creates a limiter.
	 * @param maxKeys the most buckets kept per policy, at least 1
	 * @param clock the clock buckets refill by, or {@code null} for the system's monotonic clock
	 */
	public LocalRateLimiter(long maxKeys, @Nullable Clock clock) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be at least 1, but was " + maxKeys);
		}
		this.maxKeys = maxKeys;
		this.clock = clock;
	}

	@Override
	public RateLimitDecision tryAcquire(RateLimitPolicy policy, String key) {
		long now = now();
		// get before computeIfAbsent: the mapping function captures
		PolicyBuckets policyBuckets = this.buckets.get(policy);
		if (policyBuckets == null) {
			policyBuckets = this.buckets.computeIfAbsent(policy,
					(created) -> new PolicyBuckets(created, this.maxKeys, now));
		}
		return policyBuckets.tryConsume(key, now);
	}

	/**
	 * Returns how many buckets are held, after pending evictions; for tests and metrics.
	 * @return the number of buckets, across policies
	 */
	public long size() {
		long size = 0;
		for (PolicyBuckets policyBuckets : this.buckets.values()) {
			policyBuckets.cache.cleanUp();
			size += policyBuckets.cache.estimatedSize();
		}
		return size;
	}

	private long now() {
		if (this.clock == null) {
			return System.nanoTime();
		}
		Instant now = this.clock.instant();
		return now.getEpochSecond() * 1_000_000_000L + now.getNano();
	}

	/**
	 * The buckets of one policy, what each decision needs of the policy, worked out once, and
	 * the sweep that forgets idle buckets.
	 */
	private static final class PolicyBuckets {

		private final Cache<String, KeyBucket> cache;

		private final Map<String, KeyBucket> map;

		private final BucketConfiguration configuration;

		private final long cost;

		/** A bucket left alone this long is full again: forgetting it changes nothing. */
		private final long idleNanos;

		private final ReentrantLock sweepLock = new ReentrantLock();

		private volatile long nextSweep;

		/** Where the sweep goes on from; guarded by {@link #sweepLock}. */
		private @Nullable Iterator<KeyBucket> pass;

		PolicyBuckets(RateLimitPolicy policy, long maxKeys, long now) {
			// upkeep (eviction) on the calling thread: handing each batch to the common pool costs
			// more than the batch
			this.cache = Caffeine.newBuilder().maximumSize(maxKeys).executor(Runnable::run).build();
			this.map = this.cache.asMap();
			ConfigurationBuilder configuration = BucketConfiguration.builder();
			for (Limit limit : policy.limits()) {
				configuration.addLimit(bandwidth(limit, policy.refill()));
			}
			this.configuration = configuration.build();
			this.cost = policy.cost();
			this.idleNanos = policy.longestPeriod().toNanos();
			this.nextSweep = now + SWEEP_INTERVAL_NANOS;
		}

		RateLimitDecision tryConsume(String key, long now) {
			if (now - this.nextSweep >= 0) {
				sweepSome(now);
			}
			while (true) {
				// getIfPresent before get: the mapping function captures
				KeyBucket bucket = this.cache.getIfPresent(key);
				if (bucket == null) {
					bucket = this.cache.get(key, (created) -> new KeyBucket(created, this.configuration, now));
				}
				RateLimitDecision decision = bucket.tryConsume(this.cost, now);
				if (decision != null) {
					return decision;
				}
				// swept since we found it: make sure it is gone, and use the key's new bucket
				this.map.remove(key, bucket);
			}
		}

		/**
		 * Looks at the next {@link #SWEEP_SIZE} buckets of the pass, starting a new pass after
		 * the last, and forgets those unused for the longest period. One thread at a time, at
		 * most once per {@link #SWEEP_INTERVAL_NANOS}; a thread that finds the sweep busy moves on.
		 */
		private void sweepSome(long now) {
			if (!this.sweepLock.tryLock()) {
				return;
			}
			try {
				if (now - this.nextSweep < 0) {
					return;
				}
				Iterator<KeyBucket> pass = (this.pass != null) ? this.pass : this.map.values().iterator();
				for (int i = 0; i < SWEEP_SIZE && pass.hasNext(); i++) {
					KeyBucket bucket = pass.next();
					if (bucket.retireIfIdle(now, this.idleNanos)) {
						this.map.remove(bucket.key, bucket);
					}
				}
				this.pass = pass.hasNext() ? pass : null;
				this.nextSweep = now + SWEEP_INTERVAL_NANOS;
			}
			finally {
				this.sweepLock.unlock();
			}
		}

		private static Bandwidth bandwidth(Limit limit, Refill refill) {
			var capacity = Bandwidth.builder().capacity(limit.capacity());
			var refilled = switch (refill) {
				case GREEDY -> capacity.refillGreedy(limit.capacity(), limit.period());
				case INTERVAL -> capacity.refillIntervally(limit.capacity(), limit.period());
			};
			return refilled.build();
		}

	}

	/**
	 * One key's bucket: Bucket4j's state, used as {@code SynchronizedBucket} uses it in
	 * {@code tryConsumeAndReturnRemaining}, with the decision's time; and when it was last used,
	 * for the sweep.
	 */
	private static final class KeyBucket {

		private final String key;

		private final BucketState state;

		/** Guarded by this. */
		private long lastUsed;

		/** Guarded by this. */
		private boolean retired;

		KeyBucket(String key, BucketConfiguration configuration, long now) {
			this.key = key;
			this.state = BucketState.createInitialState(configuration, MathType.INTEGER_64_BITS, now);
			this.lastUsed = now;
		}

		/**
		 * Takes {@code cost} tokens if every bandwidth has them.
		 * @return the decision, or {@code null} if the sweep retired this bucket
		 */
		synchronized @Nullable RateLimitDecision tryConsume(long cost, long now) {
			if (this.retired) {
				return null;
			}
			if (now - this.lastUsed > 0) {
				this.lastUsed = now;
			}
			BucketState state = this.state;
			state.refillAllBandwidth(now);
			long available = state.getAvailableTokens();
			if (cost > available) {
				return new RateLimitDecision(false, Math.max(0, available),
						state.calculateDelayNanosAfterWillBePossibleToConsume(cost, now, true),
						state.calculateFullRefillingTime(now), RateLimitDecision.Source.BACKEND);
			}
			state.consume(cost);
			return new RateLimitDecision(true, available - cost, 0, state.calculateFullRefillingTime(now),
					RateLimitDecision.Source.BACKEND);
		}

		/**
		 * Retires this bucket if it has not been used for {@code idleNanos}; a retired bucket
		 * takes no more tokens.
		 * @return whether it is retired
		 */
		synchronized boolean retireIfIdle(long now, long idleNanos) {
			if (now - this.lastUsed >= idleNanos) {
				this.retired = true;
			}
			return this.retired;
		}

	}

}
