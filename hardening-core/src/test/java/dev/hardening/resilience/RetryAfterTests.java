package dev.hardening.resilience;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	@Test
	void readsSeconds() {
		assertThat(RetryAfter.parse("2", NOW)).isEqualTo(Duration.ofSeconds(2));
		assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void readsAnHttpDateAsTheTimeUntilIt() {
		assertThat(RetryAfter.parse("Mon, 23 Nov 2026 12:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
		assertThat(RetryAfter.parse("Monday, 23-Nov-26 12:01:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(1));
		assertThat(RetryAfter.parse("Mon, 23 Nov 2026 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void ignoresWhatIsNeitherAndClampsWhatIsHuge() {
		assertThat(RetryAfter.parse(null, NOW)).isNull();
		assertThat(RetryAfter.parse("", NOW)).isNull();
		assertThat(RetryAfter.parse("-1", NOW)).isNull();
		assertThat(RetryAfter.parse("1.5", NOW)).isNull();
		assertThat(RetryAfter.parse("soon", NOW)).isNull();
		assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isGreaterThan(Duration.ofDays(365));
	}

}
