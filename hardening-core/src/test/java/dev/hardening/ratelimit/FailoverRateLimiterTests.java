package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import dev.hardening.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The fail modes and the breaker, with a remote that fails on command; the same against a real
 * Redis is in {@code RedisFailoverTests}.
 */
class FailoverRateLimiterTests {

	private final RateLimitPolicy policy = RateLimitPolicy.of("p", 2, Duration.ofMinutes(1));

	private final FlakyRemote remote = new FlakyRemote();

	@Test
	void passesTheRemotesDecisionsThroughWhileItAnswers() {
		FailoverRateLimiter limiter = FailoverRateLimiter.of(this.remote, FailMode.CLOSED, null, breaker());

		RateLimitDecision decision = limiter.tryAcquire(this.policy, "k");

		assertThat(decision.source()).isEqualTo(RateLimitDecision.Source.BACKEND);
		assertThat(decision.remaining()).isEqualTo(1);
	}

	@Test
	void failOpenAllowsWithUnknownCounts() {
		this.remote.failing = true;
		FailoverRateLimiter limiter = FailoverRateLimiter.of(this.remote, FailMode.OPEN, null, breaker());

		RateLimitDecision decision = limiter.tryAcquire(this.policy, "k");

		assertThat(decision.allowed()).isTrue();
		assertThat(decision.source()).isEqualTo(RateLimitDecision.Source.FAIL_OPEN);
		assertThat(decision.isCounted()).isFalse();
	}

	@Test
	void failClosedRejects() {
		this.remote.failing = true;
		FailoverRateLimiter limiter = FailoverRateLimiter.of(this.remote, FailMode.CLOSED, null, breaker());

		RateLimitDecision decision = limiter.tryAcquire(this.policy, "k");

		assertThat(decision.allowed()).isFalse();
		assertThat(decision.source()).isEqualTo(RateLimitDecision.Source.FAIL_CLOSED);
	}

	@Test
	void failLocalKeepsLimitingWithTheFallback() {
		this.remote.failing = true;
		RateLimiter local = RateLimiter.local(100, MutableClock.start());
		FailoverRateLimiter limiter = FailoverRateLimiter.of(this.remote, FailMode.LOCAL, local, breaker());

		RateLimitDecision first = limiter.tryAcquire(this.policy, "k");
		limiter.tryAcquire(this.policy, "k");
		RateLimitDecision third = limiter.tryAcquire(this.policy, "k");

		assertThat(first.source()).isEqualTo(RateLimitDecision.Source.FALLBACK);
		assertThat(first.allowed()).isTrue();
		assertThat(third.allowed()).isFalse();
		assertThat(third.isCounted()).isTrue();
	}

	@Test
	void stopsCallingAFailingRemoteOnceTheBreakerOpensAndProbesItAgainLater() {
		this.remote.failing = true;
		CircuitBreaker breaker = FailoverRateLimiter.defaultBreaker("test", Duration.ofSeconds(10));
		FailoverRateLimiter limiter = FailoverRateLimiter.of(this.remote, FailMode.OPEN, null, breaker);

		for (int i = 0; i < 10; i++) {
			limiter.tryAcquire(this.policy, "k");
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int callsWhenOpened = this.remote.calls.get();

		breaker.transitionToOpenState();
		limiter.tryAcquire(this.policy, "k");
		assertThat(this.remote.calls.get()).isEqualTo(callsWhenOpened);

		this.remote.failing = false;
		breaker.transitionToHalfOpenState();
		RateLimitDecision probe = limiter.tryAcquire(this.policy, "k");

		assertThat(probe.source()).isEqualTo(RateLimitDecision.Source.BACKEND);
		assertThat(this.remote.calls.get()).isEqualTo(callsWhenOpened + 1);
	}

	@Test
	void failLocalNeedsAFallback() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FailoverRateLimiter.of(this.remote, FailMode.LOCAL, null, breaker()))
			.withMessageContaining("fallback");
	}

	private static CircuitBreaker breaker() {
		return FailoverRateLimiter.defaultBreaker("test", Duration.ofSeconds(10));
	}

	/** A stand-in for Redis at the unit seam: answers, or throws like a timed-out command. */
	static final class FlakyRemote implements RateLimiter {

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean failing;

		private final RateLimiter answers = RateLimiter.local(100, MutableClock.start());

		@Override
		public RateLimitDecision tryAcquire(RateLimitPolicy policy, String key) {
			this.calls.incrementAndGet();
			if (this.failing) {
				throw new IllegalStateException("Command timed out after 250 millisecond(s)");
			}
			return this.answers.tryAcquire(policy, key);
		}

	}

}
