package dev.hardening.resilience;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.resilience.ResilienceListener.CallOutcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failures that are not the callee's fault: what the breaker records, and what the caller gets.
 */
class ResiliencePolicyFailureTests {

	@Test
	void aFailureTheClassifierCallsASuccessIsStillThrownAndCountsForTheBreaker() {
		ResiliencePolicy policy = ResiliencePolicy.of("payments", ResilienceConfig.ofDefaults());
		AtomicInteger attempts = new AtomicInteger();
		OutcomeClassifier<String> declinedIsFine = new OutcomeClassifier<>() {

			@Override
			public Outcome ofResult(String result) {
				return Outcome.SUCCESS;
			}

			@Override
			public Outcome ofFailure(Throwable failure) {
				return (failure instanceof CardDeclined) ? Outcome.SUCCESS : Outcome.RETRYABLE;
			}

		};

		assertThatThrownBy(() -> policy.call(() -> {
			attempts.incrementAndGet();
			throw new CardDeclined();
		}, declinedIsFine)).isInstanceOf(CardDeclined.class);

		assertThat(attempts).hasValue(1);
		CircuitBreaker.Metrics metrics = policy.circuitBreaker().orElseThrow().getMetrics();
		assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(1);
		assertThat(metrics.getNumberOfFailedCalls()).isZero();
	}

	@Test
	void theClassifierSeesAThrownFailureOnlyOnceAndItIsNotReturnedAsNull() throws Exception {
		ResiliencePolicy policy = ResiliencePolicy.of("payments", ResilienceConfig.ofDefaults());
		OutcomeClassifier<String> everythingIsFine = new OutcomeClassifier<>() {

			@Override
			public Outcome ofResult(String result) {
				return Outcome.SUCCESS;
			}

			@Override
			public Outcome ofFailure(Throwable failure) {
				return Outcome.SUCCESS;
			}

		};

		assertThat(policy.call(() -> "ok", everythingIsFine)).isEqualTo("ok");
		assertThatThrownBy(() -> policy.call(() -> {
			throw new IOException("reset");
		}, everythingIsFine)).isInstanceOf(IOException.class).hasMessage("reset");
	}

	@Test
	void anIgnoredExceptionIsThrownAsItIsNeitherRetriedNorSeenByTheBreaker() {
		ResilienceConfig config = ResilienceConfig.custom()
			.openWhen(50, 2, 2)
			.ignoreExceptions(List.of(CardDeclined.class, DeclinedOverIo.class))
			.build();
		List<CallOutcome> outcomes = new ArrayList<>();
		ResiliencePolicy policy = ResiliencePolicy.builder("payments", config).listener(new ResilienceListener() {

			@Override
			public void onCallFinished(String name, CallOutcome outcome) {
				outcomes.add(outcome);
			}

		}).build();
		AtomicInteger attempts = new AtomicInteger();

		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> policy.execute(() -> {
				attempts.incrementAndGet();
				throw new CardDeclined();
			})).isInstanceOf(CardDeclined.class);
			// an I/O error would be retried; an ignored one is not
			assertThatThrownBy(() -> policy.call(() -> {
				attempts.incrementAndGet();
				throw new DeclinedOverIo();
			})).isInstanceOf(DeclinedOverIo.class);
		}

		assertThat(attempts).hasValue(10);
		CircuitBreaker breaker = policy.circuitBreaker().orElseThrow();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
		assertThat(outcomes).hasSize(10).containsOnly(CallOutcome.IGNORED);
		// a failure of another type still opens the breaker
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> policy.execute(() -> {
				throw new IllegalStateException("down");
			})).isInstanceOf(IllegalStateException.class);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void aFailureTheConfigurationDoesNotRecordCountsAsASuccessAndIsThrown() {
		ResilienceConfig config = ResilienceConfig.custom()
			.openWhen(50, 2, 2)
			.recordException((failure) -> !(failure instanceof CardDeclined))
			.build();
		ResiliencePolicy policy = ResiliencePolicy.of("payments", config);

		for (int i = 0; i < 4; i++) {
			assertThatThrownBy(() -> policy.execute(() -> {
				throw new CardDeclined();
			})).isInstanceOf(CardDeclined.class);
		}

		CircuitBreaker.Metrics metrics = policy.circuitBreaker().orElseThrow().getMetrics();
		assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(2);
		assertThat(metrics.getNumberOfFailedCalls()).isZero();
	}

	/** An I/O error the caller counts as a business outcome. */
	static final class DeclinedOverIo extends IOException {

		private static final long serialVersionUID = 1L;

		DeclinedOverIo() {
			super("declined");
		}

	}

	/** A business outcome, not a failure of the callee. */
	static final class CardDeclined extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CardDeclined() {
			super("card declined");
		}

	}

}
