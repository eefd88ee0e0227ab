package dev.hardening.resilience;

import java.time.Duration;
import java.time.Instant;

import dev.hardening.web.HttpDates;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code Retry-After} field (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date.
 */
public final class RetryAfter {

	/** Far enough to exceed any backoff cap; keeps huge values from overflowing. */
	private static final long MAX_SECONDS = 100L * 365 * 24 * 3600;

	private RetryAfter() {
	}

	/**
	 * Reads the field.
	 * @param value the field value, or {@code null} if absent
	 * @param now the current time, for a date
	 * @return the delay, zero for a date in the past, or {@code null} if absent or malformed
	 */
	public static @Nullable Duration parse(@Nullable String value, Instant now) {
		if (value == null) {
			return null;
		}
		String text = value.strip();
		if (text.isEmpty()) {
			return null;
		}
		if (text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return Duration.ofSeconds((text.length() > 12) ? MAX_SECONDS : Math.min(Long.parseLong(text), MAX_SECONDS));
		}
		Instant date = HttpDates.parse(text);
		if (date == null) {
			return null;
		}
		return date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO;
	}

}
