package dev.hardening.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.resilience.ResilienceListener.CallOutcome;
import dev.hardening.resilience.ResilienceListener.RetryRefusal;
import dev.hardening.deadline.Deadline;
import dev.hardening.deadline.DeadlineExceededException;
import dev.hardening.test.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ResiliencePolicyTests {

	private final MutableClock clock = MutableClock.start();

	/** Waits recorded and applied to the clock instead of slept. */
	private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

	private final RecordingListener listener = new RecordingListener();

	@Test
	void retriesTransientFailuresAndReturnsTheFirstSuccess() {
		ResiliencePolicy policy = policy(ResilienceConfig.ofDefaults(), 0.5);
		Deque<Object> script = script(new IOException("reset"), new IOException("reset"), "ok");

		String result = policy.execute(() -> next(script));

		assertThat(result).isEqualTo("ok");
		assertThat(this.waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
		assertThat(this.listener.outcomes).containsExactly(CallOutcome.SUCCESS_AFTER_RETRY);
	}

	@Test
	void startsOnlyTheRetriesThatFitBeforeTheRequestsDeadline() {
		ResilienceConfig config = ResilienceConfig.custom()
			.maxAttempts(5)
			.backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
			.retryBudget(1, 100)
			.build();
		// the request's deadline on the same clock the policy sleeps on: 2 s from now
		Deadline deadline = Deadline.after(Duration.ofSeconds(2), this.clock.millis() * 1_000_000L,
				() -> this.clock.millis() * 1_000_000L);
		ResiliencePolicy policy = policy(config, 1.0);
		List<Long> attemptsAt = new ArrayList<>();
		long start = this.clock.millis();

		try (Deadline.Scope scope = Deadline.bind(deadline)) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> policy.call(() -> {
				attemptsAt.add(this.clock.millis() - start);
				throw new IOException("down");
			}));
		}

		// waits of 200, 400, 800 ms: attempts at 0, 200, 600, 1400; one more would wait 1600 ms, past 2 s
		assertThat(attemptsAt).containsExactly(0L, 200L, 600L, 1400L);
		assertThat(this.listener.refusals).containsExactly(RetryRefusal.DEADLINE);
	}

	@Test
	void aRequestOutOfTimeMakesNoCallAtAll() {
		Deadline spent = Deadline.after(Duration.ZERO, this.clock.millis() * 1_000_000L,
				() -> this.clock.millis() * 1_000_000L);
		ResiliencePolicy policy = policy(ResilienceConfig.ofDefaults(), 0.5);
		List<String> calls = new ArrayList<>();

		try (Deadline.Scope scope = Deadline.bind(spent)) {
			assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(() -> policy.call(() -> {
				calls.add("called");
				return "never";
			}));
		}
		assertThat(calls).isEmpty();
	}

	@Test
	void drawsEachWaitFromZeroToADoublingCeilingCappedAtMaxBackoff() {
		ResilienceConfig config = ResilienceConfig.custom()
			.maxAttempts(6)
			.backoff(Duration.ofMillis(100), Duration.ofMillis(500))
			.retryBudget(1, 100)
			.build();
		for (double random : new double[] { 0.0, 0.999999 }) {
			this.waits.clear();
			ResiliencePolicy policy = policy(config, random);

			assertThatExceptionOfType(IOException.class).isThrownBy(() -> policy.call(() -> {
				throw new IOException("down");
			}));

			List<Duration> ceilings = List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
					Duration.ofMillis(500), Duration.ofMillis(500));
			assertThat(this.waits).hasSize(5);
			for (int i = 0; i < 5; i++) {
				assertThat(this.waits.get(i)).isBetween(Duration.ZERO, ceilings.get(i));
				assertThat(policy.backoffCeiling(i + 1)).isEqualTo(ceilings.get(i));
			}
		}
	}

	@Test
	void throwsTheLastFailureOnceEveryAttemptFailed() {
		ResiliencePolicy policy = policy(ResilienceConfig.ofDefaults(), 0.5);
		AtomicInteger attempts = new AtomicInteger();

		assertThatThrownBy(() -> policy.call(() -> {
			throw new IOException("attempt " + attempts.incrementAndGet());
		})).isInstanceOf(IOException.class).hasMessage("attempt 3");
		assertThat(this.listener.outcomes).containsExactly(CallOutcome.FAILURE_AFTER_RETRY);
	}

	@Test
	void doesNotRetryAFailureTheConfigurationDoesNotCallRetryable() {
		ResiliencePolicy policy = policy(ResilienceConfig.ofDefaults(), 0.5);
		AtomicInteger attempts = new AtomicInteger();

		assertThatThrownBy(() -> policy.execute(() -> {
			attempts.incrementAndGet();
			throw new IllegalArgumentException("bad input");
		})).isInstanceOf(IllegalArgumentException.class);
		assertThat(attempts).hasValue(1);
		assertThat(this.listener.outcomes).containsExactly(CallOutcome.FAILURE_WITHOUT_RETRY);
	}

	@Test
	void waitsAsLongAsRetryAfterAsksWhenWithinTheCap() throws Exception {
		ResilienceConfig config = ResilienceConfig.custom().backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).build();
		ResiliencePolicy policy = policy(config, 0.5);
		Deque<Object> script = script(503, 200);

		int status = policy.call(() -> (Integer) script.pop(), statuses(Duration.ofSeconds(2)));

		assertThat(status).isEqualTo(200);
		assertThat(this.waits).containsExactly(Duration.ofSeconds(2));
	}

	@Test
	void failsAtOnceWhenRetryAfterIsBeyondTheCap() throws Exception {
		ResilienceConfig config = ResilienceConfig.custom().backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).build();
		ResiliencePolicy policy = policy(config, 0.5);
		Deque<Object> script = script(503, 200);

		int status = policy.call(() -> (Integer) script.pop(), statuses(Duration.ofSeconds(30)));

		assertThat(status).isEqualTo(503);
		assertThat(this.waits).isEmpty();
		assertThat(this.listener.refusals).containsExactly(RetryRefusal.RETRY_AFTER_TOO_LONG);
	}

	@Test
	void discardsEveryResultItRetries() throws Exception {
		ResiliencePolicy policy = policy(ResilienceConfig.ofDefaults(), 0.5);
		Deque<Object> script = script(503, 502, 200);
		List<Integer> discarded = new ArrayList<>();
		OutcomeClassifier<Integer> classifier = new OutcomeClassifier<>() {

			@Override
			public Outcome ofResult(Integer status) {
				return (status >= 500) ? Outcome.RETRYABLE : Outcome.SUCCESS;
			}

			@Override
			public Outcome ofFailure(Throwable failure) {
				return Outcome.FAILURE;
			}

			@Override
			public void discard(Integer status) {
				discarded.add(status);
			}

		};

		assertThat(policy.call(() -> (Integer) script.pop(), classifier)).isEqualTo(200);
		assertThat(discarded).containsExactly(503, 502);
	}

	@Test
	void keepsRetriesWithinTheBudgetUnderSustainedFailure() {
		ResilienceConfig config = ResilienceConfig.custom().maxAttempts(3).retryBudget(0.1, 0).breakerEnabled(false).build();
		ResiliencePolicy policy = policy(config, 0.5, false);
		AtomicInteger attempts = new AtomicInteger();
		int calls = 1000;

		for (int i = 0; i < calls; i++) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> policy.call(() -> {
				attempts.incrementAndGet();
				throw new IOException("down");
			}));
		}

		assertThat(attempts.get()).isGreaterThan(calls).isLessThanOrEqualTo((int) (calls * 1.1));
		assertThat(this.listener.refusals).contains(RetryRefusal.BUDGET_EXHAUSTED);
	}

	@Test
	void theMinimumPerSecondLetsAQuietClientRetry() {
		ResilienceConfig config = ResilienceConfig.custom().maxAttempts(2).retryBudget(0.1, 1).breakerEnabled(false).build();
		ResiliencePolicy policy = policy(config, 0.5, false);
		AtomicInteger attempts = new AtomicInteger();

		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> policy.call(() -> {
				attempts.incrementAndGet();
				throw new IOException("down");
			}));
			this.clock.advance(Duration.ofSeconds(10));
		}

		assertThat(attempts).hasValue(10);
	}

	@Test
	void theBreakerOpensFailsFastThenHalfOpensAndClosesWhenTheCalleeRecovers() {
		ResilienceConfig config = ResilienceConfig.custom()
			.maxAttempts(1)
			.openWhen(50, 4, 4)
			.openFor(Duration.ofSeconds(30), 2)
			.build();
		ResiliencePolicy policy = policy(config, 0.5);
		AtomicInteger calls = new AtomicInteger();
		for (int i = 0; i < 4; i++) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> policy.call(() -> {
				calls.incrementAndGet();
				throw new IOException("down");
			}));
		}
		CircuitBreaker breaker = policy.circuitBreaker().orElseThrow();
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

		assertThatExceptionOfType(CircuitOpenException.class).isThrownBy(() -> policy.execute(calls::incrementAndGet))
			.satisfies((ex) -> assertThat(ex.retryAfter()).hasValue(Duration.ofSeconds(30)));
		assertThat(calls).hasValue(4);

		this.clock.advance(Duration.ofSeconds(31));
		assertThat(policy.execute(() -> "probe 1")).isEqualTo("probe 1");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(policy.execute(() -> "probe 2")).isEqualTo("probe 2");
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.listener.outcomes).contains(CallOutcome.REJECTED);
	}

	@Test
	void aResultTheClassifierCallsAFailureCountsAgainstTheBreaker() throws Exception {
		ResilienceConfig config = ResilienceConfig.custom().maxAttempts(1).openWhen(50, 2, 2).build();
		ResiliencePolicy policy = policy(config, 0.5);

		policy.call(() -> 500, statuses(null));
		policy.call(() -> 500, statuses(null));

		assertThat(policy.circuitBreaker().orElseThrow().getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void theBulkheadTurnsAwayCallsBeyondItsLimit() throws Exception {
		ResilienceConfig config = ResilienceConfig.custom().maxConcurrentCalls(1).build();
		ResiliencePolicy policy = policy(config, 0.5);
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<String> first = executor.submit(() -> policy.execute(() -> {
				inside.countDown();
				awaitQuietly(release);
				return "first";
			}));
			assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

			assertThatExceptionOfType(UpstreamBusyException.class).isThrownBy(() -> policy.execute(() -> "second"))
				.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("UPSTREAM_BUSY"));

			release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
			assertThat(policy.execute(() -> "third")).isEqualTo("third");
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
	}

	@Test
	void anAttemptThatOutlivesTheTimeoutIsAbandonedAndRetried() {
		ResilienceConfig config = ResilienceConfig.custom().timeout(Duration.ofMillis(50)).maxAttempts(2).build();
		ResiliencePolicy policy = policy(config, 0.5);
		CountDownLatch never = new CountDownLatch(1);
		AtomicInteger attempts = new AtomicInteger();
		List<Boolean> interrupted = Collections.synchronizedList(new ArrayList<>());

		assertThatExceptionOfType(AttemptTimeoutException.class).isThrownBy(() -> policy.execute(() -> {
			attempts.incrementAndGet();
			try {
				never.await();
			}
			catch (InterruptedException ex) {
				interrupted.add(true);
			}
			return "late";
		})).satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("UPSTREAM_TIMEOUT"));
		assertThat(attempts).hasValue(2);
		await().untilAsserted(() -> assertThat(interrupted).hasSize(2));
	}

	@Test
	void aTimedAttemptThrowsItsOwnFailure() {
		ResilienceConfig config = ResilienceConfig.custom().timeout(Duration.ofSeconds(30)).maxAttempts(1).build();
		ResiliencePolicy policy = policy(config, 0.5);

		assertThatThrownBy(() -> policy.call(() -> {
			throw new ConnectException("refused");
		})).isInstanceOf(ConnectException.class).hasMessage("refused");
	}

	@Test
	void aClassifierThatFailsGivesBackEveryPermitAndDiscardsTheResult() {
		ResilienceConfig config = ResilienceConfig.custom().maxConcurrentCalls(1).openFor(Duration.ofSeconds(1), 1).build();
		ResiliencePolicy policy = policy(config, 0.5);
		List<Integer> discarded = new ArrayList<>();
		OutcomeClassifier<Integer> broken = new OutcomeClassifier<>() {

			@Override
			public Outcome ofResult(Integer result) {
				throw new IllegalStateException("classifier bug");
			}

			@Override
			public Outcome ofFailure(Throwable failure) {
				throw new IllegalStateException("classifier bug");
			}

			@Override
			public void discard(Integer result) {
				discarded.add(result);
			}

		};

		assertThatThrownBy(() -> policy.call(() -> 7, broken)).hasMessage("classifier bug");
		assertThatThrownBy(() -> policy.call(() -> {
			throw new IOException("down");
		}, broken)).hasMessage("classifier bug");

		assertThat(discarded).containsExactly(7);
		assertThat(policy.execute(() -> "the bulkhead is free")).isEqualTo("the bulkhead is free");
		assertThat(policy.circuitBreaker().orElseThrow().getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
	}

	@Test
	void anInterruptedAttemptIsNeitherRetriedNorHeldAgainstTheCallee() {
		ResiliencePolicy policy = policy(ResilienceConfig.ofDefaults(), 0.5);
		AtomicInteger attempts = new AtomicInteger();

		try {
			assertThatThrownBy(() -> policy.call(() -> {
				attempts.incrementAndGet();
				Thread.currentThread().interrupt();
				throw new IOException("Request was interrupted");
			})).isInstanceOf(IOException.class);
		}
		finally {
			assertThat(Thread.interrupted()).isTrue();
		}

		assertThat(attempts).hasValue(1);
		assertThat(this.waits).isEmpty();
		assertThat(policy.circuitBreaker().orElseThrow().getMetrics().getNumberOfBufferedCalls()).isZero();
	}

	@Test
	void anAbandonedTimedAttemptKeepsItsBulkheadPermitUntilItEnds() throws Exception {
		ResilienceConfig config = ResilienceConfig.custom()
			.timeout(Duration.ofMillis(50))
			.maxAttempts(1)
			.maxConcurrentCalls(1)
			.build();
		ResiliencePolicy policy = policy(config, 0.5);
		CountDownLatch release = new CountDownLatch(1);

		assertThatExceptionOfType(AttemptTimeoutException.class).isThrownBy(() -> policy.execute(() -> {
			awaitIgnoringInterrupts(release);
			return "late";
		}));
		assertThatExceptionOfType(UpstreamBusyException.class).isThrownBy(() -> policy.execute(() -> "second"));

		release.countDown();
		await().untilAsserted(() -> assertThat(policy.bulkhead().orElseThrow().getMetrics().getAvailableConcurrentCalls())
			.isEqualTo(1));
		assertThat(policy.execute(() -> "third")).isEqualTo("third");
	}

	@Test
	void treatsAWrappedIoErrorAsTransient() {
		ResilienceConfig config = ResilienceConfig.ofDefaults();

		assertThat(config.isRetryable(new IllegalStateException("I/O error", new java.net.SocketException("reset"))))
			.isTrue();
		assertThat(config.isRetryable(new IllegalStateException("bug", new IllegalArgumentException()))).isFalse();
	}

	private static void awaitIgnoringInterrupts(CountDownLatch latch) {
		boolean interrupted = false;
		while (true) {
			try {
				latch.await();
				break;
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private ResiliencePolicy policy(ResilienceConfig config, double random) {
		return policy(config, random, true);
	}

	private ResiliencePolicy policy(ResilienceConfig config, double random, boolean moveClock) {
		return ResiliencePolicy.builder("payments", config)
			.clock(this.clock)
			.random(() -> random)
			.sleeper((duration) -> {
				this.waits.add(duration);
				if (moveClock) {
					this.clock.advance(duration);
				}
			})
			.listener(this.listener)
			.build();
	}

	/** Treats a status in the 500s as retryable, asking to wait {@code retryAfter}. */
	private static OutcomeClassifier<Integer> statuses(Duration retryAfter) {
		return new OutcomeClassifier<>() {

			@Override
			public Outcome ofResult(Integer status) {
				return (status >= 500) ? Outcome.retryableAfter(retryAfter) : Outcome.SUCCESS;
			}

			@Override
			public Outcome ofFailure(Throwable failure) {
				return Outcome.FAILURE;
			}

		};
	}

	private static Deque<Object> script(Object... steps) {
		Deque<Object> script = new ArrayDeque<>();
		Collections.addAll(script, steps);
		return script;
	}

	private static String next(Deque<Object> script) {
		Object step = script.pop();
		if (step instanceof IOException io) {
			throw new java.io.UncheckedIOException(io);
		}
		return (String) step;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class RecordingListener implements ResilienceListener {

		final List<CallOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());

		final List<RetryRefusal> refusals = Collections.synchronizedList(new ArrayList<>());

		@Override
		public void onRetryRefused(String policy, RetryRefusal reason) {
			this.refusals.add(reason);
		}

		@Override
		public void onCallFinished(String policy, CallOutcome outcome) {
			this.outcomes.add(outcome);
		}

	}

}
