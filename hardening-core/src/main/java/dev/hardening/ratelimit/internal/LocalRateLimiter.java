package dev.hardening.ratelimit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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

/**
 * Bucket4j buckets held in a size-bounded Caffeine map, one per policy and key. Exists because a
 * plain map of buckets grows with every distinct key a client invents; this one stays within
 * {@code maxKeys} and forgets a bucket once it would be full again.
 */
public final class LocalRateLimiter implements RateLimiter {

	private final Cache<BucketKey, Held> buckets;

	private final TimeMeter timeMeter;

	/**
	 * Creates a limiter.
	 * @param maxKeys the most buckets kept, at least 1
	 * @param clock the clock buckets refill by
	 */
	public LocalRateLimiter(long maxKeys, Clock clock) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be at least 1, but was " + maxKeys);
		}
		Objects.requireNonNull(clock, "clock must not be null");
		this.timeMeter = new ClockTimeMeter(clock);
		this.buckets = Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.expireAfter(new IdleExpiry())
			.ticker(() -> this.timeMeter.currentTimeNanos())
			.build();
	}

	@Override
	public RateLimitDecision tryAcquire(RateLimitPolicy policy, String key) {
		Held held = this.buckets.get(new BucketKey(policy, key), (ignored) -> new Held(newBucket(policy), policy));
		ConsumptionProbe probe = held.bucket.tryConsumeAndReturnRemaining(policy.cost());
		Duration resetAfter = Duration.ofNanos(probe.getNanosToWaitForReset());
		if (probe.isConsumed()) {
			return RateLimitDecision.allowed(probe.getRemainingTokens(), resetAfter);
		}
		return RateLimitDecision.rejected(probe.getRemainingTokens(), Duration.ofNanos(probe.getNanosToWaitForRefill()),
				resetAfter);
	}

	/**
	 * Returns how many buckets are held, after pending evictions; for tests and metrics.
	 * @return the number of buckets
	 */
	public long size() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
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

	/**
	 * A policy and key; the policy is part of it so two policies never share a bucket, and a
	 * changed policy starts fresh buckets.
	 */
	private record BucketKey(RateLimitPolicy policy, String key) {
	}

	private record Held(Bucket bucket, RateLimitPolicy policy) {
	}

	/** A bucket left alone for its policy's longest period is full again: forgetting it changes nothing. */
	private static final class IdleExpiry implements Expiry<BucketKey, Held> {

		@Override
		public long expireAfterCreate(BucketKey key, Held held, long currentTime) {
			return held.policy.longestPeriod().toNanos();
		}

		@Override
		public long expireAfterUpdate(BucketKey key, Held held, long currentTime, long currentDuration) {
			return currentDuration;
		}

		@Override
		public long expireAfterRead(BucketKey key, Held held, long currentTime, long currentDuration) {
			return held.policy.longestPeriod().toNanos();
		}

	}

	private record ClockTimeMeter(Clock clock) implements TimeMeter {

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
