package dev.hardening.ratelimit;

import java.time.Duration;

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

		this.clock.advance(Duration.ofMinutes(1).plusMillis(1));

		assertThat(limiter.size()).isZero();
		assertThat(limiter.tryAcquire(policy, "idle").remaining()).isEqualTo(1);
	}

	@Test
	void needsRoomForAtLeastOneKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimiter.local(0));
	}

}
