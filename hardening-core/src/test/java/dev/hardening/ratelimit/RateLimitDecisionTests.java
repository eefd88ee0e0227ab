package dev.hardening.ratelimit;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.hardening.ratelimit.RateLimitDecision.Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class RateLimitDecisionTests {

	@Test
	void givesBackTheDurationsItWasMadeWith() {
		RateLimitDecision decision = RateLimitDecision.rejected(3, Duration.ofMillis(1500), Duration.ofDays(3650));

		assertThat(decision.retryAfter()).isEqualTo(Duration.ofMillis(1500));
		assertThat(decision.retryAfterNanos()).isEqualTo(1_500_000_000L);
		assertThat(decision.resetAfter()).isEqualTo(Duration.ofDays(3650));
		assertThat(decision).isEqualTo(new RateLimitDecision(false, 3, 1_500_000_000L,
				Duration.ofDays(3650).toNanos(), Source.BACKEND));
		assertThat(decision).hasToString(
				"RateLimitDecision[allowed=false, remaining=3, retryAfter=PT1.5S, resetAfter=PT87600H, source=BACKEND]");
	}

	@Test
	void anAllowedCallHasNothingToWaitFor() {
		RateLimitDecision decision = RateLimitDecision.allowed(9, Duration.ofSeconds(6));

		assertThat(decision.allowed()).isTrue();
		assertThat(decision.retryAfter()).isZero();
		assertThat(decision.resetAfter()).isEqualTo(Duration.ofSeconds(6));
		assertThat(decision.asFallback()).isEqualTo(new RateLimitDecision(true, 9, Duration.ZERO,
				Duration.ofSeconds(6), Source.FALLBACK));
	}

	@Test
	void aDurationBeyondALongOfNanosecondsIsTheLongestThatFits() {
		RateLimitDecision decision = new RateLimitDecision(false, 0, Duration.ofDays(1_000_000),
				Duration.ofDays(-1_000_000), Source.BACKEND);

		assertThat(decision.retryAfter()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
		assertThat(decision.resetAfter()).isEqualTo(Duration.ofNanos(Long.MIN_VALUE));
		assertThat(RateLimitDecision.allowed(0, Duration.ofNanos(Long.MAX_VALUE)).resetAfterNanos())
			.isEqualTo(Long.MAX_VALUE);
		assertThat(RateLimitDecision.allowed(0, Duration.ofNanos(Long.MIN_VALUE)).resetAfterNanos())
			.isEqualTo(Long.MIN_VALUE);
		assertThat(RateLimitDecision.allowed(0, Duration.ofNanos(Long.MIN_VALUE).plusNanos(1)).resetAfterNanos())
			.isEqualTo(Long.MIN_VALUE + 1);
	}

	@Test
	void needsDurationsAndASource() {
		assertThatNullPointerException().isThrownBy(() -> RateLimitDecision.allowed(1, null))
			.withMessage("resetAfter must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> new RateLimitDecision(true, 1, Duration.ZERO, Duration.ZERO, null))
			.withMessage("source must not be null");
	}

}
