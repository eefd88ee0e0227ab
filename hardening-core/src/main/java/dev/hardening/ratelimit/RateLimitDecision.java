package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one call: whether it may proceed, and what a client needs to know to behave.
 * When the backend could not be asked ({@link Source#FAIL_OPEN}, {@link Source#FAIL_CLOSED}),
 * the counts are unknown: {@link #remaining()} is {@code -1} and the durations are zero.
 *
 * <p>The durations are held in nanoseconds, so that a decision is one small object on the hot
 * path; {@link #retryAfter()} and {@link #resetAfter()} give them as {@link Duration}s.
 *
 * @param allowed whether the call may proceed
 * @param remaining the tokens left in the tightest bucket after this call, or {@code -1} if
 * unknown
 * @param retryAfterNanos how long to wait before the same call would be allowed, in nanoseconds;
 * zero when allowed
 * @param resetAfterNanos how long until every bucket of the policy is full again, in nanoseconds
 * @param source who decided
 */
public record RateLimitDecision(boolean allowed, long remaining, long retryAfterNanos, long resetAfterNanos,
		Source source) {

	private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

	private static final Duration MOST_NEGATIVE = Duration.ofNanos(Long.MIN_VALUE);

	private static final RateLimitDecision FAIL_OPEN = new RateLimitDecision(true, -1, 0, 0, Source.FAIL_OPEN);

	private static final RateLimitDecision FAIL_CLOSED = new RateLimitDecision(false, -1, 0, 0, Source.FAIL_CLOSED);

	/**
	 * Validates the components.
	 */
	public RateLimitDecision {
		Objects.requireNonNull(source, "source must not be null");
	}

	/**
	 * Creates a decision from durations. A duration beyond what a {@code long} of nanoseconds
	 * holds (about 292 years) is taken as the longest one that fits, of the same sign.
	 * @param allowed whether the call may proceed
	 * @param remaining the tokens left in the tightest bucket after this call, or {@code -1} if
	 * unknown
	 * @param retryAfter how long to wait before the same call would be allowed; zero when allowed
	 * @param resetAfter how long until every bucket of the policy is full again
	 * @param source who decided
	 */
	public RateLimitDecision(boolean allowed, long remaining, Duration retryAfter, Duration resetAfter,
			Source source) {
		this(allowed, remaining, nanos(retryAfter, "retryAfter"), nanos(resetAfter, "resetAfter"), source);
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
	 * Returns how long to wait before the same call would be allowed.
	 * @return the wait; zero when allowed
	 */
	public Duration retryAfter() {
		return Duration.ofNanos(this.retryAfterNanos);
	}

	/**
	 * Returns how long until every bucket of the policy is full again.
	 * @return the time to a full reset
	 */
	public Duration resetAfter() {
		return Duration.ofNanos(this.resetAfterNanos);
	}

	/**
	 * Marks a decision as made by the local fallback while the backend was failing.
	 * @return a copy with {@link Source#FALLBACK}
	 */
	public RateLimitDecision asFallback() {
		return new RateLimitDecision(this.allowed, this.remaining, this.retryAfterNanos, this.resetAfterNanos,
				Source.FALLBACK);
	}

	/**
	 * Tells whether the counts of this decision are known.
	 * @return {@code false} for fail-open and fail-closed decisions
	 */
	public boolean isCounted() {
		return this.source == Source.BACKEND || this.source == Source.FALLBACK;
	}

	@Override
	public String toString() {
		return "RateLimitDecision[allowed=" + this.allowed + ", remaining=" + this.remaining + ", retryAfter="
				+ retryAfter() + ", resetAfter=" + resetAfter() + ", source=" + this.source + "]";
	}

	private static long nanos(Duration duration, String name) {
		Objects.requireNonNull(duration, () -> name + " must not be null");
		// Duration.toNanos throws beyond a long: saturate instead
		if (duration.compareTo(LONGEST) >= 0) {
			return Long.MAX_VALUE;
		}
		if (duration.compareTo(MOST_NEGATIVE) <= 0) {
			return Long.MIN_VALUE;
		}
		return duration.toNanos();
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
