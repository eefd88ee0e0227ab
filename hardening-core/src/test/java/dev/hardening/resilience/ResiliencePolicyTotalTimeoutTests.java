package dev.hardening.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.resilience.ResilienceListener.RetryRefusal;
import dev.hardening.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The total timeout of a call, with time moved by hand: attempts and waits move the clock.
 */
class ResiliencePolicyTotalTimeoutTests {

	private final MutableClock clock = MutableClock.start();

	private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

	private final List<RetryRefusal> refusals = Collections.synchronizedList(new ArrayList<>());

	private final ResilienceConfig.Builder config = ResilienceConfig.custom()
		.maxAttempts(10)
		.backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
		.retryBudget(1, 100)
		.breakerEnabled(false)
		.totalTimeout(Duration.ofSeconds(1));

	@Test
	void noAttemptStartsOnceTheTotalTimeoutHasPassed() {
		ResiliencePolicy policy = policy(this.config.build());
		AtomicInteger attempts = new AtomicInteger();

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> policy.call(() -> {
			attempts.incrementAndGet();
			this.clock.advance(Duration.ofMillis(400));
			throw new IOException("down");
		}));

		// 0.4 s, wait 0.05, 0.85 s, wait 0.1, 1.35 s; a wait of 0.2 s would start the next at 1.55 s
		assertThat(attempts).hasValue(3);
		assertThat(this.waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
		assertThat(this.refusals).containsExactly(RetryRefusal.TOTAL_TIMEOUT);
	}

	@Test
	void aRetryStartsOnlyIfItsAttemptCanEndWithinTheTotal() throws Exception {
		ResiliencePolicy policy = policy(this.config.build());
		AtomicInteger attempts = new AtomicInteger();
		OutcomeClassifier<Integer> statuses = new OutcomeClassifier<>() {

			@Override
			public Outcome ofResult(Integer status) {
				return (status == 503) ? Outcome.RETRYABLE : Outcome.SUCCESS;
			}

			@Override
			public Outcome ofFailure(Throwable failure) {
				return Outcome.RETRYABLE;
			}

		};

		int status = policy.call(() -> {
			attempts.incrementAndGet();
			this.clock.advance(Duration.ofMillis(100));
			return 503;
		}, statuses, Duration.ofMillis(400));

		// 0.1 s, wait 0.05, 0.25 s, wait 0.1, 0.45 s; then 0.45 + 0.2 + 0.4 would end past 1 s
		assertThat(status).isEqualTo(503);
		assertThat(attempts).hasValue(3);
		assertThat(this.refusals).containsExactly(RetryRefusal.TOTAL_TIMEOUT);
	}

	@Test
	void aTimedAttemptGetsNoMoreThanTheTimeLeft() {
		ResiliencePolicy policy = policy(ResilienceConfig.from(this.config.build()).timeout(Duration.ofMinutes(1)).build());
		AtomicInteger attempts = new AtomicInteger();
		CountDownLatch never = new CountDownLatch(1);

		assertThatExceptionOfType(AttemptTimeoutException.class).isThrownBy(() -> policy.call(() -> {
			if (attempts.incrementAndGet() == 1) {
				this.clock.advance(Duration.ofMillis(900));
				throw new IOException("down");
			}
			never.await();
			return "late";
		})).withMessageContaining("within 50 ms");

		assertThat(attempts).hasValue(2);
		assertThat(this.waits).containsExactly(Duration.ofMillis(50));
	}

	@Test
	void withoutATotalTimeoutEveryAttemptIsMade() {
		ResiliencePolicy policy = policy(ResilienceConfig.from(this.config.build()).totalTimeout(null).build());
		AtomicInteger attempts = new AtomicInteger();

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> policy.call(() -> {
			attempts.incrementAndGet();
			this.clock.advance(Duration.ofSeconds(5));
			throw new IOException("down");
		}));

		assertThat(attempts).hasValue(10);
		assertThat(this.refusals).isEmpty();
	}

	private ResiliencePolicy policy(ResilienceConfig config) {
		return ResiliencePolicy.builder("payments", config)
			.clock(this.clock)
			.random(() -> 0.5)
			.sleeper((duration) -> {
				this.waits.add(duration);
				this.clock.advance(duration);
			})
			.listener(new ResilienceListener() {

				@Override
				public void onRetryRefused(String policy, RetryRefusal reason) {
					ResiliencePolicyTotalTimeoutTests.this.refusals.add(reason);
				}

			})
			.build();
	}

}
