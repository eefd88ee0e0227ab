package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one call: whether it may proceed, and what a client needs to know to behave.
 * When the backend could not be asked ({@link Source#FAIL_OPEN}, {@link Source#FAIL_CLOSED}),
 * the counts are unknown: {@link #remaining()} is {@code -1} and the durations are zero.
 *
 * @param allowed whether the call may proceed
 * @param remaining the tokens left in the tightest bucket after this call, or {@code -1} if
 * unknown
 * @param retryAfter how long to wait before the same call would be allowed; zero when allowed
 * @param resetAfter how long until every bucket of the policy is full again
 * @param source who decided
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter, Duration resetAfter,
		Source source) {

	private static final RateLimitDecision FAIL_OPEN = new RateLimitDecision(true, -1, Duration.ZERO, Duration.ZERO,
			Source.FAIL_OPEN);

	private static final RateLimitDecision FAIL_CLOSED = new RateLimitDecision(false, -1, Duration.ZERO,
			Duration.ZERO, Source.FAIL_CLOSED);

	/**
	 * Validates the components.
	 */
	public RateLimitDecision {
		Objects.requireNonNull(retryAfter, "retryAfter must not be null");
		Objects.requireNonNull(resetAfter, "resetAfter must not be null");
		Objects.requireNonNull(source, "source must not be null");
	}

	/**
	 * A call the backend allowed.
	 * @param remaining the tokens left in the tightest bucket
	 * @param resetAfter how long until every bucket is full again
	 * @return the decision
	 */
	public static RateLimitDecision allowed(long remaining, Duration resetAfter) {
		return new RateLimitDecision(true, remaining, Duration.ZERO, resetAfter, Source.BACKEND);
	}

	/**
	 * A call the backend rejected.
	 * @param remaining the tokens left in the tightest bucket
	 * @param retryAfter how long until the call would be allowed
	 * @param resetAfter how long until every bucket is full again
	 * @return the decision
	 */
	public static RateLimitDecision rejected(long remaining, Duration retryAfter, Duration resetAfter) {
		return new RateLimitDecision(false, remaining, retryAfter, resetAfter, Source.BACKEND);
	}

	/**
	 * A call allowed because the backend failed and the policy is to fail open.
	 * @return the decision
	 */
	public static RateLimitDecision failOpen() {
		return FAIL_OPEN;
	}

	/**
	 * A call rejected because the backend failed and the policy is to fail closed.
	 * @return the decision
	 */
	public static RateLimitDecision failClosed() {
		return FAIL_CLOSED;
	}

	/**
	 * Marks a decision as made by the local fallback while the backend was failing.
	 * @return a copy with {@link Source#FALLBACK}
	 */
	public RateLimitDecision asFallback() {
		return new RateLimitDecision(this.allowed, this.remaining, this.retryAfter, this.resetAfter, Source.FALLBACK);
	}

	/**
	 * Tells whether the counts of this decision are known.
	 * @return {@code false} for fail-open and fail-closed decisions
	 */
	public boolean isCounted() {
		return this.source == Source.BACKEND || this.source == Source.FALLBACK;
	}

	/**
	 * Who made a decision.
	 */
	public enum Source {

		/** The configured backend, local or Redis. */
		BACKEND,

		/** The local limiter standing in for a failing Redis. */
		FALLBACK,

		/** Nobody: the backend failed and calls are allowed. */
		FAIL_OPEN,

		/** Nobody: the backend failed and calls are rejected. */
		FAIL_CLOSED

	}

}
