package dev.hardening.ratelimit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.hardening.ratelimit.Limit;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.Refill;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucketBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Bucket4j buckets held in size-bounded Caffeine maps, one map per policy and one bucket per key.
 * Exists because a plain map of buckets grows with every distinct key a client invents; each map
 * here stays within {@code maxKeys} and forgets a bucket once it would be full again (after the
 * policy's longest period without use).
 */
public final class LocalRateLimiter implements RateLimiter {

	private final long maxKeys;

	private final TimeMeter timeMeter;

	private final Ticker ticker;

	private final Map<RateLimitPolicy, Cache<String, Bucket>> buckets = new ConcurrentHashMap<>();

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
		if (clock == null) {
			this.timeMeter = TimeMeter.SYSTEM_NANOTIME;
			this.ticker = Ticker.systemTicker();
		}
		else {
			ClockTimeMeter meter = new ClockTimeMeter(clock);
			this.timeMeter = meter;
			this.ticker = meter::currentTimeNanos;
		}
	}

	@Override
	public RateLimitDecision tryAcquire(RateLimitPolicy policy, String key) {
		// get before computeIfAbsent, getIfPresent before get: the mapping functions capture, and a
		// decision on a known key then allocates nothing but what Bucket4j and the decision need
		Cache<String, Bucket> policyBuckets = this.buckets.get(policy);
		if (policyBuckets == null) {
			policyBuckets = this.buckets.computeIfAbsent(policy, this::newCache);
		}
		Bucket bucket = policyBuckets.getIfPresent(key);
		if (bucket == null) {
			bucket = policyBuckets.get(key, (ignored) -> newBucket(policy));
		}
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(policy.cost());
		Duration resetAfter = Duration.ofNanos(probe.getNanosToWaitForReset());
		if (probe.isConsumed()) {
			return RateLimitDecision.allowed(probe.getRemainingTokens(), resetAfter);
		}
		return RateLimitDecision.rejected(probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()),
				resetAfter);
	}

	/**
	 * Returns how many buckets are held, after pending evictions; for tests and metrics.
	 * @return the number of buckets, across policies
	 */
	public long size() {
		long size = 0;
		for (Cache<String, Bucket> policyBuckets : this.buckets.values()) {
			policyBuckets.cleanUp();
			size += policyBuckets.estimatedSize();
		}
		return size;
	}

	/** A bucket left alone for its policy's longest period is full again: forgetting it changes nothing. */
	private Cache<String, Bucket> newCache(RateLimitPolicy policy) {
		return Caffeine.newBuilder()
			.maximumSize(this.maxKeys)
			.expireAfterAccess(policy.longestPeriod())
			.ticker(this.ticker)
			.build();
	}

	private Bucket newBucket(RateLimitPolicy policy) {
		LocalBucketBuilder builder = Bucket.builder().withCustomTimePrecision(this.timeMeter);
		for (Limit limit : policy.limits()) {
			builder.addLimit(bandwidth(limit, policy.refill()));
		}
		return builder.build();
	}

	private static Bandwidth bandwidth(Limit limit, Refill refill) {
		var capacity = Bandwidth.builder().capacity(limit.capacity());
		var refilled = switch (refill) {
			case GREEDY -> capacity.refillGreedy(limit.capacity(), limit.period());
			case INTERVAL -> capacity.refillIntervally(limit.capacity(), limit.period());
		};
		return refilled.build();
	}

	private record ClockTimeMeter(Clock clock) implements TimeMeter {

		ClockTimeMeter {
			Objects.requireNonNull(clock, "clock must not be null");
		}

		@Override
		public long currentTimeNanos() {
			Instant now = this.clock.instant();
			return now.getEpochSecond() * 1_000_000_000L + now.getNano();
		}

		@Override
		public boolean isWallClockBased() {
			return true;
		}

	}

}
