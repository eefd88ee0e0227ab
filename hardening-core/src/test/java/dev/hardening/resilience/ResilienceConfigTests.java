package dev.hardening.resilience;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResilienceConfigTests {

	@Test
	void defaultsRetryTransientFailuresAndTheUsualStatuses() {
		ResilienceConfig config = ResilienceConfig.ofDefaults();

		assertThat(config.timeout()).isNull();
		assertThat(config.maxAttempts()).isEqualTo(3);
		assertThat(config.retryStatuses()).containsExactlyInAnyOrder(429, 502, 503, 504);
		assertThat(config.isRetryable(new IOException())).isTrue();
		assertThat(config.isRetryable(new AttemptTimeoutException("p", Duration.ofSeconds(1)))).isTrue();
		assertThat(config.isRetryable(new IllegalStateException())).isFalse();
		assertThat(config.retryBudget()).isEqualTo(0.1);
		assertThat(config.openFor()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.maxConcurrentCalls()).isZero();
		assertThat(config.totalTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.isRecorded(new IllegalStateException())).isTrue();
		assertThat(config.isIgnored(new IllegalStateException())).isFalse();
	}

	@Test
	void fromCopiesEverySetting() {
		ResilienceConfig custom = ResilienceConfig.custom()
			.timeout(Duration.ofSeconds(2))
			.totalTimeout(Duration.ofSeconds(7))
			.maxAttempts(5)
			.backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
			.retryStatuses(Set.of(503))
			.retryBudget(0.2, 1)
			.openWhen(25, 50, 20)
			.slowCalls(80, Duration.ofSeconds(1))
			.openFor(Duration.ofMinutes(1), 5)
			.maxConcurrentCalls(8)
			.build();

		assertThat(ResilienceConfig.from(custom).build()).hasToString(custom.toString());
		assertThat(custom.toString()).contains("totalTimeout=PT7S");
	}

	@Test
	void refusesValuesOutOfRangeNamingTheSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> ResilienceConfig.custom().maxAttempts(0))
			.withMessage("maxAttempts must be between 1 and 10, but was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ResilienceConfig.custom().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessage("maxBackoff PT1S must not be shorter than initialBackoff PT2S");
		assertThatIllegalArgumentException().isThrownBy(() -> ResilienceConfig.custom().timeout(Duration.ZERO))
			.withMessage("timeout must be positive, but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> ResilienceConfig.custom().totalTimeout(Duration.ofSeconds(-1)))
			.withMessage("totalTimeout must be positive, but was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> ResilienceConfig.custom().retryStatuses(Set.of(200)))
			.withMessage("retryStatuses must be 400 to 599, but held 200");
		assertThatIllegalArgumentException().isThrownBy(() -> ResilienceConfig.custom().openWhen(0, 10, 5))
			.withMessage("failureRateThreshold must be between 1 and 100, but was 0.0");
		assertThatIllegalArgumentException().isThrownBy(() -> ResilienceConfig.custom().openWhen(50, 10, 11))
			.withMessage("minimumCalls must be between 1 and the window (10), but was 11");
	}

	@Test
	void anOutcomeIsRetryableOnlyWhenItFailed() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Outcome(false, true, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new Outcome(true, false, Duration.ofSeconds(1)));
		assertThat(Outcome.retryableAfter(null)).isSameAs(Outcome.RETRYABLE);
	}

}
