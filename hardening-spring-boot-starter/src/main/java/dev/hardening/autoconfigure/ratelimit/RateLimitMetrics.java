package dev.hardening.autoconfigure.ratelimit;

import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;

/**
 * Where rate-limit decisions are counted. Without Micrometer, nowhere.
 */
interface RateLimitMetrics {

	RateLimitMetrics NONE = new RateLimitMetrics() {
	};

	/**
	 * Counts a decision.
	 * @param policy the policy
	 * @param decision the decision
	 */
	default void record(RateLimitPolicy policy, RateLimitDecision decision) {
	}

	/**
	 * Times the calls to the Redis limiter.
	 * @param redis the Redis limiter
	 * @return the limiter, timed
	 */
	default RateLimiter timed(RateLimiter redis) {
		return redis;
	}

	/**
	 * The outcome tag of a decision: allowed, rejected, fallback, fail_open, fail_closed.
	 */
	static String outcome(RateLimitDecision decision) {
		return switch (decision.source()) {
			case BACKEND -> decision.allowed() ? "allowed" : "rejected";
			case FALLBACK -> "fallback";
			case FAIL_OPEN -> "fail_open";
			case FAIL_CLOSED -> "fail_closed";
		};
	}

}
