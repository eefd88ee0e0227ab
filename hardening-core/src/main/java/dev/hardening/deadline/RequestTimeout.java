package dev.hardening.deadline;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Reads a caller's request timeout header: a whole number of milliseconds, 1 to 12 digits, as
 * Envoy's {@code x-envoy-expected-rq-timeout-ms} and its peers send it. Nothing else is accepted: no
 * sign, no unit, no spaces inside, no second value.
 */
public final class RequestTimeout {

	/**
	 * The longest timeout the header can carry, {@value} ms (about 31.7 years): what a sender
	 * sends for any longer time, so that the receiver's parser accepts it.
	 */
	public static final long MAX_MILLIS = 999_999_999_999L;

	private static final int MAX_DIGITS = 12;

	private RequestTimeout() {
	}

	/**
	 * Parses the header's value.
	 * @param value the value, or {@code null} when the header is absent
	 * @return the timeout, or {@code null} when absent
	 * @throws IllegalArgumentException when the value is not a number of milliseconds; the message
	 * does not quote it
	 */
	public static @Nullable Duration parse(@Nullable String value) {
		if (value == null) {
			return null;
		}
		// optional whitespace around a field value is spaces and tabs (RFC 9110 5.6.3), nothing else
		int start = 0;
		int end = value.length();
		while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
			start++;
		}
		while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
			end--;
		}
		String trimmed = value.substring(start, end);
		if (trimmed.isEmpty() || trimmed.length() > MAX_DIGITS) {
			throw new IllegalArgumentException("A request timeout must be a whole number of milliseconds, 1 to "
					+ MAX_DIGITS + " digits.");
		}
		long millis = 0;
		for (int i = 0; i < trimmed.length(); i++) {
			char c = trimmed.charAt(i);
			if (c < '0' || c > '9') {
				throw new IllegalArgumentException("A request timeout must be a whole number of milliseconds, 1 to "
						+ MAX_DIGITS + " digits.");
			}
			millis = millis * 10 + (c - '0');
		}
		return Duration.ofMillis(millis);
	}

}
