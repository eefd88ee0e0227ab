package dev.hardening.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateLimitPolicyTests {

	@Test
	void holdsSeveralLimitsAndKnowsTheLongestPeriod() {
		RateLimitPolicy policy = RateLimitPolicy.builder("api-key")
			.limit(100, Duration.ofMinutes(1))
			.limit(1000, Duration.ofHours(1))
			.refill(Refill.INTERVAL)
			.cost(2)
			.build();

		assertThat(policy.limits()).containsExactly(Limit.of(100, Duration.ofMinutes(1)),
				Limit.of(1000, Duration.ofHours(1)));
		assertThat(policy.longestPeriod()).isEqualTo(Duration.ofHours(1));
		assertThat(policy.refill()).isEqualTo(Refill.INTERVAL);
		assertThat(policy.cost()).isEqualTo(2);
		assertThat(policy).isEqualTo(RateLimitPolicy.builder("api-key")
			.limit(100, Duration.ofMinutes(1))
			.limit(1000, Duration.ofHours(1))
			.refill(Refill.INTERVAL)
			.cost(2)
			.build());
	}

	@Test
	void rejectsZeroOrNegativeCapacityAndTooShortPeriods() {
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(0, Duration.ofMinutes(1)))
			.withMessageContaining("capacity must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(-5, Duration.ofMinutes(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(10, Duration.ZERO))
			.withMessageContaining("period must be at least 1ms");
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(10, Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(1_000_001, Duration.ofSeconds(1)))
			.withMessageContaining("faster than one token per microsecond");
		assertThat(Limit.of(1_000_000, Duration.ofSeconds(1)).capacity()).isEqualTo(1_000_000);
	}

	@Test
	void rejectsPeriodsLongerThanTheBackendsCountExactlyWithAnIllegalArgumentNotAnOverflow() {
		// 300 years: Duration.toNanos() overflows past 292
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(1, Duration.ofDays(300 * 365)))
			.withMessageContaining("period must be at most 3650d");
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(1, Duration.ofSeconds(Long.MAX_VALUE)))
			.withMessageContaining("period must be at most 3650d");
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(1, Duration.ofDays(3650).plusNanos(1)));
		assertThat(Limit.of(1, Duration.ofDays(3650)).period()).isEqualTo(Limit.MAX_PERIOD);
		long perMicrosecond = Limit.MAX_PERIOD.toNanos() / 1000;
		assertThat(Limit.of(perMicrosecond, Limit.MAX_PERIOD).capacity()).isEqualTo(perMicrosecond);
		assertThatIllegalArgumentException().isThrownBy(() -> Limit.of(Long.MAX_VALUE, Limit.MAX_PERIOD))
			.withMessageContaining("faster than one token per microsecond");
	}

	@Test
	void knowsItsSmallestCapacityAndLongestPeriod() {
		RateLimitPolicy policy = RateLimitPolicy.builder("two")
			.limit(1000, Duration.ofHours(1))
			.limit(20, Duration.ofSeconds(1))
			.build();

		assertThat(policy.smallestCapacity()).isEqualTo(20);
		assertThat(policy.longestPeriod()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void rejectsNamesThatCannotGoIntoHeadersOrKeys() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.builder("api key"))
			.withMessageContaining("name must be");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.builder("a\"b"));
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.builder(""));
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.builder("x".repeat(65)));
	}

	@Test
	void rejectsAPolicyWithoutLimitsOrWithACostNoBucketCanPay() {
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.builder("empty").build())
			.withMessageContaining("at least one limit");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RateLimitPolicy.builder("greedy").limit(5, Duration.ofSeconds(1)).cost(6).build())
			.withMessageContaining("no call could pass");
		assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.builder("free").cost(0));
	}

}
