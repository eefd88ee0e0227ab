package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.hardening.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RateLimiter} backend must do; each backend's tests extend this class, as
 * Bucket4j's backends share one compatibility kit.
 */
public abstract class RateLimiterContractTests {

	protected final MutableClock clock = MutableClock.start();

	/**
	 * Returns the limiter under test, on {@link #clock}, with no buckets yet.
	 */
	protected abstract RateLimiter limiter();

	@Test
	void allowsTheCapacityThenRejectsUntilATokenRefills() {
		RateLimiter limiter = limiter();
		RateLimitPolicy policy = RateLimitPolicy.of("per-minute", 3, Duration.ofMinutes(1));

		assertThat(limiter.tryAcquire(policy, "k").remaining()).isEqualTo(2);
		assertThat(limiter.tryAcquire(policy, "k").remaining()).isEqualTo(1);
		RateLimitDecision last = limiter.tryAcquire(policy, "k");
		RateLimitDecision rejected = limiter.tryAcquire(policy, "k");

		assertThat(last.allowed()).isTrue();
		assertThat(last.remaining()).isZero();
		assertThat(last.retryAfter()).isZero();
		assertThat(last.resetAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.remaining()).isZero();
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(20));
		assertThat(rejected.resetAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(rejected.source()).isEqualTo(RateLimitDecision.Source.BACKEND);
	}

	@Test
	void greedyRefillGivesTokensBackContinuously() {
		RateLimiter limiter = limiter();
		RateLimitPolicy policy = RateLimitPolicy.of("per-minute", 3, Duration.ofMinutes(1));
		drain(limiter, policy, "k", 3);

		this.clock.advance(Duration.ofSeconds(19));
		assertThat(limiter.tryAcquire(policy, "k").retryAfter()).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		RateLimitDecision refilled = limiter.tryAcquire(policy, "k");

		assertThat(refilled.allowed()).isTrue();
		assertThat(refilled.remaining()).isZero();
		assertThat(limiter.tryAcquire(policy, "k").allowed()).isFalse();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(limiter.tryAcquire(policy, "k").remaining()).isEqualTo(2);
	}

	@Test
	void intervalRefillGivesTheWholeCapacityBackAtTheEndOfThePeriod() {
		RateLimiter limiter = limiter();
		RateLimitPolicy policy = RateLimitPolicy.builder("window")
			.limit(3, Duration.ofMinutes(1))
			.refill(Refill.INTERVAL)
			.build();
		drain(limiter, policy, "k", 3);

		this.clock.advance(Duration.ofSeconds(59));
		RateLimitDecision stillEmpty = limiter.tryAcquire(policy, "k");
		this.clock.advance(Duration.ofSeconds(1));
		RateLimitDecision refilled = limiter.tryAcquire(policy, "k");

		assertThat(stillEmpty.allowed()).isFalse();
		assertThat(stillEmpty.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(refilled.allowed()).isTrue();
		assertThat(refilled.remaining()).isEqualTo(2);
	}

	@Test
	void everyLimitOfAPolicyMustAllow() {
		RateLimiter limiter = limiter();
		RateLimitPolicy policy = RateLimitPolicy.builder("burst-and-sustained")
			.limit(2, Duration.ofSeconds(1))
			.limit(3, Duration.ofMinutes(1))
			.build();
		drain(limiter, policy, "k", 2);

		RateLimitDecision perSecond = limiter.tryAcquire(policy, "k");
		this.clock.advance(Duration.ofSeconds(1));
		RateLimitDecision third = limiter.tryAcquire(policy, "k");
		RateLimitDecision perMinute = limiter.tryAcquire(policy, "k");

		assertThat(perSecond.allowed()).isFalse();
		assertThat(perSecond.retryAfter()).isEqualTo(Duration.ofMillis(500));
		assertThat(third.allowed()).isTrue();
		assertThat(third.remaining()).isZero();
		assertThat(perMinute.allowed()).isFalse();
		// the minute limit got a twentieth of a token back in that second: 19 more seconds for the rest
		assertThat(perMinute.retryAfter()).isEqualTo(Duration.ofSeconds(19));
	}

	@Test
	void aCallCostingSeveralTokensTakesThemAll() {
		RateLimiter limiter = limiter();
		RateLimitPolicy policy = RateLimitPolicy.builder("expensive").limit(10, Duration.ofMinutes(1)).cost(4).build();

		assertThat(limiter.tryAcquire(policy, "k").remaining()).isEqualTo(6);
		assertThat(limiter.tryAcquire(policy, "k").remaining()).isEqualTo(2);
		RateLimitDecision rejected = limiter.tryAcquire(policy, "k");

		assertThat(rejected.allowed()).isFalse();
		assertThat(rejected.remaining()).isEqualTo(2);
		assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(12));
	}

	@ParameterizedTest
	@EnumSource(Refill.class)
	void theExtremesOfAValidLimitWorkFromTheFirstCall(Refill refill) {
		RateLimiter limiter = limiter();
		long perMicrosecond = Limit.MAX_PERIOD.toNanos() / 1000;
		List<Limit> extremes = List.of(Limit.of(1, Limit.MAX_PERIOD), Limit.of(perMicrosecond, Limit.MAX_PERIOD),
				Limit.of(1000, Limit.MIN_PERIOD), Limit.of(1, Limit.MIN_PERIOD), Limit.of(7, Duration.ofSeconds(60)));
		for (Limit limit : extremes) {
			RateLimitPolicy policy = RateLimitPolicy.builder("extreme").limit(limit).refill(refill).build();
			String key = limit.capacity() + "/" + limit.period();

			RateLimitDecision first = limiter.tryAcquire(policy, key);

			assertThat(first.allowed()).as(key).isTrue();
			assertThat(first.remaining()).as(key).isEqualTo(limit.capacity() - 1);
			assertThat(first.resetAfter()).as(key).isPositive().isLessThanOrEqualTo(limit.period());
		}
		this.clock.advance(Limit.MAX_PERIOD.multipliedBy(2));
		for (Limit limit : extremes) {
			RateLimitPolicy policy = RateLimitPolicy.builder("extreme").limit(limit).refill(refill).build();
			String key = limit.capacity() + "/" + limit.period();

			assertThat(limiter.tryAcquire(policy, key).remaining()).as(key).isEqualTo(limit.capacity() - 1);
		}
	}

	@Test
	void keysAndPoliciesHaveTheirOwnBuckets() {
		RateLimiter limiter = limiter();
		RateLimitPolicy one = RateLimitPolicy.of("one", 1, Duration.ofMinutes(1));
		RateLimitPolicy other = RateLimitPolicy.of("other", 1, Duration.ofMinutes(1));

		assertThat(limiter.tryAcquire(one, "alice").allowed()).isTrue();
		assertThat(limiter.tryAcquire(one, "alice").allowed()).isFalse();
		assertThat(limiter.tryAcquire(one, "bob").allowed()).isTrue();
		assertThat(limiter.tryAcquire(other, "alice").allowed()).isTrue();
	}

	@Test
	void admitsExactlyTheCapacityToTwoHundredRacingThreads() throws Exception {
		RateLimiter limiter = limiter();
		RateLimitPolicy policy = RateLimitPolicy.of("race", 100, Duration.ofHours(1));

		assertThat(race(limiter, policy, "hot", 200)).isEqualTo(100);
	}

	/**
	 * Runs {@code threads} calls at once, released together by a latch.
	 * @return how many were allowed
	 */
	protected static long race(RateLimiter limiter, RateLimitPolicy policy, String key, int threads)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Boolean>> calls = new ArrayList<>();
			Callable<Boolean> call = () -> {
				ready.countDown();
				go.await();
				return limiter.tryAcquire(policy, key).allowed();
			};
			for (int i = 0; i < threads; i++) {
				calls.add(executor.submit(call));
			}
			ready.await(1, TimeUnit.MINUTES);
			go.countDown();
			long allowed = 0;
			for (Future<Boolean> result : calls) {
				if (result.get(1, TimeUnit.MINUTES)) {
					allowed++;
				}
			}
			return allowed;
		}
		finally {
			executor.shutdownNow();
		}
	}

	protected static void drain(RateLimiter limiter, RateLimitPolicy policy, String key, int calls) {
		for (int i = 0; i < calls; i++) {
			assertThat(limiter.tryAcquire(policy, key).allowed()).as("call %d of %d", i + 1, calls).isTrue();
		}
	}

}
