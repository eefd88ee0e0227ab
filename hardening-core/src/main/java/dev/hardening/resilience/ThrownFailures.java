package dev.hardening.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * What a policy makes of a thrown failure, one concept of {@link ResilienceConfig} kept apart:
 * whether it is retried, counted against the breaker, or left out of the breaker altogether. Also
 * the classifier of calls that bring none of their own ({@link ResiliencePolicy#execute}).
 *
 * @param retryOn whether a recorded failure is worth another attempt
 * @param recordOn whether a failure counts against the breaker; if not, it counts as a success
 * @param ignoreOn whether a failure is neither success nor failure
 */
record ThrownFailures(Predicate<Throwable> retryOn, Predicate<Throwable> recordOn,
		Predicate<Throwable> ignoreOn) implements OutcomeClassifier<Object> {

	/** I/O errors and timeouts, also when wrapped (as Spring's ResourceAccessException wraps them). */
	static final Predicate<Throwable> TRANSIENT = (failure) -> {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException || cause instanceof UncheckedIOException
					|| cause instanceof TimeoutException || cause instanceof AttemptTimeoutException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	};

	static final ThrownFailures DEFAULTS = new ThrownFailures(TRANSIENT, (failure) -> true, (failure) -> false);

	ThrownFailures {
		Objects.requireNonNull(retryOn, "retryOn must not be null");
		Objects.requireNonNull(recordOn, "recordOn must not be null");
		Objects.requireNonNull(ignoreOn, "ignoreOn must not be null");
	}

	/** Matches a failure that is an instance of one of the types (not its causes, as Resilience4j). */
	static Predicate<Throwable> ofTypes(List<Class<? extends Throwable>> types) {
		List<Class<? extends Throwable>> copy = List.copyOf(types);
		return (failure) -> {
			for (Class<? extends Throwable> type : copy) {
				if (type.isInstance(failure)) {
					return true;
				}
			}
			return false;
		};
	}

	ThrownFailures withRetryOn(Predicate<Throwable> retryOn) {
		return new ThrownFailures(retryOn, this.recordOn, this.ignoreOn);
	}

	ThrownFailures withRecordOn(Predicate<Throwable> recordOn) {
		return new ThrownFailures(this.retryOn, recordOn, this.ignoreOn);
	}

	ThrownFailures withIgnoreOn(Predicate<Throwable> ignoreOn) {
		return new ThrownFailures(this.retryOn, this.recordOn, ignoreOn);
	}

	@Override
	public Outcome ofResult(Object result) {
		return Outcome.SUCCESS;
	}

	@Override
	public Outcome ofFailure(Throwable failure) {
		if (!this.recordOn.test(failure)) {
			return Outcome.SUCCESS;
		}
		return this.retryOn.test(failure) ? Outcome.RETRYABLE : Outcome.FAILURE;
	}

}
