package dev.hardening.ratelimit;

import java.time.Clock;
import java.util.Objects;

import dev.hardening.ratelimit.internal.LocalRateLimiter;

/**
 * Decides, one call at a time, whether a caller identified by a key may proceed under a policy.
 * Implementations are thread-safe and exact under concurrency: with a capacity of 100, racing
 * callers are allowed 100 calls, not 101.
 */
public interface RateLimiter {

	/**
	 * Takes the policy's cost in tokens from the key's buckets, if every bucket has enough.
	 * @param policy the policy
	 * @param key who is calling, for example an API key or a client address; the limiter keeps
	 * one set of buckets per policy and key
	 * @return the decision; never throws for a rejection
	 */
	RateLimitDecision tryAcquire(RateLimitPolicy policy, String key);

	/**
	 * Returns a limiter that keeps its buckets in this process (Bucket4j buckets in Caffeine maps,
	 * one per policy). At most {@code maxKeys} buckets are kept per policy: under a flood of
	 * distinct keys the least valuable are evicted, and an evicted key starts again with a full
	 * bucket. A bucket unused for its policy's longest period is dropped, as it would be full
	 * again anyway.
	 * @param maxKeys the most buckets kept per policy, at least 1
	 * @return the limiter, on the system's monotonic clock
	 */
	static RateLimiter local(long maxKeys) {
		return new LocalRateLimiter(maxKeys);
	}

	/**
	 * Returns a local limiter that reads the time from the given clock, so tests can move it.
	 * @param maxKeys the most buckets kept per policy, at least 1
	 * @param clock the clock buckets refill by
	 * @return the limiter
	 */
	static RateLimiter local(long maxKeys, Clock clock) {
		return new LocalRateLimiter(maxKeys, Objects.requireNonNull(clock, "clock must not be null"));
	}

}
