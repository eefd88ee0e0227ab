package dev.hardening.resilience;

/**
 * Tells a {@link ResiliencePolicy} what an attempt came to, for calls whose results can fail too:
 * an HTTP response with status {@code 503} is a value, not an exception, yet it is worth another
 * attempt.
 *
 * @param <T> the type of the call's result
 */
public interface OutcomeClassifier<T> {

	/**
	 * Classifies a result.
	 * @param result what the attempt returned
	 * @return the outcome
	 */
	Outcome ofResult(T result);

	/**
	 * Classifies a failure.
	 * @param failure what the attempt threw
	 * @return the outcome
	 */
	Outcome ofFailure(Throwable failure);

	/**
	 * Lets go of a result that will be retried and never returned, such as an HTTP response to
	 * close. Does nothing by default.
	 * @param result the result
	 */
	default void discard(T result) {
	}

}
