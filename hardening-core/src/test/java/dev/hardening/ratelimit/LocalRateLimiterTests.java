package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hardening.ratelimit.internal.LocalRateLimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalRateLimiterTests extends RateLimiterContractTests {

	@Override
	protected RateLimiter limiter() {
		return RateLimiter.local(10_000, this.clock);
	}

	@Test
	void staysWithinMaxKeysUnderAFloodOfDistinctKeys() {
		LocalRateLimiter limiter = new LocalRateLimiter(1_000, this.clock);
		RateLimitPolicy policy = RateLimitPolicy.of("per-ip", 10, Duration.ofHours(1));

		for (int i = 0; i < 1_000_000; i++) {
			limiter.tryAcquire(policy, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
		}

		assertThat(limiter.size()).isLessThanOrEqualTo(1_000);
	}

	@Test
	void forgetsABucketOnceItWouldBeFullAgain() {
		LocalRateLimiter limiter = new LocalRateLimiter(1_000, this.clock);
		RateLimitPolicy policy = RateLimitPolicy.of("per-minute", 2, Duration.ofMinutes(1));
		limiter.tryAcquire(policy, "idle");
		assertThat(limiter.size()).isEqualTo(1);

		this.clock.advance(Duration.ofMinutes(1));
		limiter.tryAcquire(policy, "busy");

		assertThat(limiter.size()).isEqualTo(1);
		assertThat(limiter.tryAcquire(policy, "idle").remaining()).isEqualTo(1);
	}

	@Test
	void keepsABucketUntilTheLongestPeriodOfItsPolicyHasPassed() {
		LocalRateLimiter limiter = new LocalRateLimiter(1_000, this.clock);
		RateLimitPolicy policy = RateLimitPolicy.builder("two-limits")
			.limit(2, Duration.ofSeconds(1))
			.limit(5, Duration.ofHours(1))
			.build();
		limiter.tryAcquire(policy, "quiet");

		this.clock.advance(Duration.ofHours(1).minusNanos(1));
		limiter.tryAcquire(policy, "busy");
		assertThat(limiter.size()).isEqualTo(2);

		this.clock.advance(Duration.ofMillis(1));
		limiter.tryAcquire(policy, "busy");
		assertThat(limiter.size()).isEqualTo(1);
	}

	@Test
	void sweepsAFewBucketsEachMillisecondWhileDecisionsComeIn() {
		LocalRateLimiter limiter = new LocalRateLimiter(10_000, this.clock);
		RateLimitPolicy policy = RateLimitPolicy.of("per-minute", 2, Duration.ofMinutes(1));
		for (int i = 0; i < 1_000; i++) {
			limiter.tryAcquire(policy, "idle-" + i);
		}
		this.clock.advance(Duration.ofMinutes(1));

		limiter.tryAcquire(policy, "busy");
		long afterOneSweep = limiter.size();
		limiter.tryAcquire(policy, "busy");
		assertThat(limiter.size()).as("no sweep within the millisecond").isEqualTo(afterOneSweep);
		for (int i = 0; i < 10; i++) {
			this.clock.advance(Duration.ofMillis(1));
			limiter.tryAcquire(policy, "busy");
		}

		assertThat(afterOneSweep).isBetween(2L, 1_000L);
		assertThat(limiter.size()).isEqualTo(1);
	}

	@Test
	void admitsExactlyTheCapacityToThreadsRacingOnOneKeyRoundAfterRound() throws Exception {
		RateLimiter limiter = limiter();
		RateLimitPolicy policy = RateLimitPolicy.of("race", 250, Duration.ofHours(1));
		int threads = 8;
		int callsEach = 50;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 200; round++) {
				String key = "round-" + round;

				long allowed = sum(race(executor, threads, () -> {
					long own = 0;
					for (int i = 0; i < callsEach; i++) {
						own += limiter.tryAcquire(policy, key).allowed() ? 1 : 0;
					}
					return own;
				}));

				assertThat(allowed).as("round %d", round).isEqualTo(250);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aSweepRacingCallsOnTheBucketItForgetsLosesNoToken() throws Exception {
		RateLimiter limiter = limiter();
		RateLimitPolicy policy = RateLimitPolicy.of("per-minute", 10, Duration.ofMinutes(1));
		int threads = 12;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 1_000; round++) {
				String key = "round-" + round;
				limiter.tryAcquire(policy, key);
				// now idle for exactly its period: the first call of the race sweeps it while the others use it
				this.clock.advance(Duration.ofMinutes(1));

				long allowed = sum(race(executor, threads, () -> limiter.tryAcquire(policy, key).allowed() ? 1L : 0L));

				assertThat(allowed).as("round %d", round).isEqualTo(10);
				assertThat(limiter.tryAcquire(policy, key).allowed()).as("round %d", round).isFalse();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void needsRoomForAtLeastOneKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimiter.local(0));
	}

	/**
	 * Runs the task on every thread at once, released together by a latch.
	 * @return each thread's result
	 */
	private static List<Long> race(ExecutorService executor, int threads, java.util.concurrent.Callable<Long> task)
			throws Exception {
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Long>> results = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			results.add(executor.submit(() -> {
				ready.countDown();
				go.await();
				return task.call();
			}));
		}
		assertThat(ready.await(1, TimeUnit.MINUTES)).isTrue();
		go.countDown();
		List<Long> values = new ArrayList<>();
		for (Future<Long> result : results) {
			values.add(result.get(1, TimeUnit.MINUTES));
		}
		return values;
	}

	private static long sum(List<Long> values) {
		return values.stream().mapToLong(Long::longValue).sum();
	}

}
