package dev.hardening.resilience;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What one attempt came to: a success, a failure to stop at, or a failure worth another attempt,
 * perhaps no sooner than the callee asked ({@code Retry-After}). Failures count against the
 * circuit breaker; successes count for it.
 *
 * @param failure whether the attempt failed
 * @param retryable whether another attempt may succeed; only failures are retryable
 * @param retryAfter how long the callee asked to be left alone, or {@code null}; only for
 * retryable failures
 */
public record Outcome(boolean failure, boolean retryable, @Nullable Duration retryAfter) {

	/** The attempt succeeded. */
	public static final Outcome SUCCESS = new Outcome(false, false, null);

	/** The attempt failed, and another would fail the same way. */
	public static final Outcome FAILURE = new Outcome(true, false, null);

	/** The attempt failed, and another may succeed. */
	public static final Outcome RETRYABLE = new Outcome(true, true, null);

	/**
	 * Validates the components.
	 * @throws IllegalArgumentException if a success is retryable, or a delay is given for an
	 * outcome that is not retryable or is negative
	 */
	public Outcome {
		if (retryable && !failure) {
			throw new IllegalArgumentException("only a failure can be retryable");
		}
		if (retryAfter != null && (!retryable || retryAfter.isNegative())) {
			throw new IllegalArgumentException("retryAfter needs a retryable outcome and must not be negative, but was "
					+ retryAfter);
		}
	}

	/**
	 * Returns a retryable failure whose next attempt should wait as the callee asked.
	 * @param retryAfter the delay the callee asked for, or {@code null} if it did not say
	 * @return the outcome
	 */
	public static Outcome retryableAfter(@Nullable Duration retryAfter) {
		return (retryAfter != null) ? new Outcome(true, true, retryAfter) : RETRYABLE;
	}

}
