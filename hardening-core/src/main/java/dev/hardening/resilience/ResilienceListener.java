package dev.hardening.resilience;

import java.time.Duration;

/**
 * Hears what a {@link ResiliencePolicy} does, for metrics. Called on the calling thread; keep it
 * cheap.
 */
public interface ResilienceListener {

	/** A listener that does nothing. */
	ResilienceListener NONE = new ResilienceListener() {
	};

	/**
	 * A failed attempt will be retried.
	 * @param policy the policy
	 * @param attempt the attempt that failed, from 1
	 * @param wait the wait before the next attempt
	 */
	default void onRetry(String policy, int attempt, Duration wait) {
	}

	/**
	 * A retryable failure will not be retried, for the reason given.
	 * @param policy the policy
	 * @param reason why
	 */
	default void onRetryRefused(String policy, RetryRefusal reason) {
	}

	/**
	 * A call is over.
	 * @param policy the policy
	 * @param outcome how it ended
	 */
	default void onCallFinished(String policy, CallOutcome outcome) {
	}

	/**
	 * Why a retryable failure was not retried.
	 */
	enum RetryRefusal {

		/** The retry budget is spent. */
		BUDGET_EXHAUSTED,

		/** The callee asked for a longer wait ({@code Retry-After}) than the backoff cap. */
		RETRY_AFTER_TOO_LONG,

		/** The next attempt could not start, or not end, within the call's total timeout. */
		TOTAL_TIMEOUT,

		/** The next attempt could not start, or not end, before the request's {@link dev.hardening.deadline.Deadline}. */
		DEADLINE

	}

	/**
	 * How a call ended.
	 */
	enum CallOutcome {

		/** The first attempt succeeded. */
		SUCCESS_WITHOUT_RETRY,

		/** An attempt after a retry succeeded. */
		SUCCESS_AFTER_RETRY,

		/** The only attempt failed. */
		FAILURE_WITHOUT_RETRY,

		/** Every attempt failed. */
		FAILURE_AFTER_RETRY,

		/** The breaker or the bulkhead turned the call away. */
		REJECTED,

		/**
		 * The call threw a failure the configuration ignores: neither a success nor a failure of
		 * the callee.
		 */
		IGNORED

	}

}
