package dev.hardening.idempotency;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code Idempotency-Key} request header. The draft makes it an RFC 9651 Item whose
 * value is a String: {@code Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"}. A key is
 * valid when the field appears once and holds exactly one such string, of 1 to {@value #MAX_LENGTH}
 * characters, with nothing but spaces around it. The string's own rules (RFC 9651, 3.3.3) leave
 * only printable ASCII: no control characters and no characters beyond ASCII can reach a store or a
 * log line. Parameters after the string ({@code "k";a=1}), which the draft does not define, and
 * Stripe's unquoted keys are refused, so that every client sends the same thing for the same key.
 */
public final class IdempotencyKey {

	/** The longest key accepted, in characters after unescaping. */
	public static final int MAX_LENGTH = 255;

	private IdempotencyKey() {
	}

	/**
	 * Parses the values of the header.
	 * @param fieldLines the header's field lines as received, one element per line; empty when the
	 * request has none
	 * @return the key, or {@code null} when there is none
	 * @throws InvalidKeyException when the header is there but is not one valid key
	 */
	public static @Nullable String parse(List<String> fieldLines) {
		if (fieldLines.isEmpty()) {
			return null;
		}
		if (fieldLines.size() > 1) {
			throw new InvalidKeyException("The Idempotency-Key header must be sent once.");
		}
		return parse(fieldLines.get(0));
	}

	/**
	 * Parses one field value.
	 * @param fieldValue the value
	 * @return the key, unescaped
	 * @throws InvalidKeyException when the value is not one valid key
	 */
	public static String parse(String fieldValue) {
		int start = 0;
		int end = fieldValue.length();
		// RFC 9651 4.2: leading and trailing spaces are discarded before parsing
		while (start < end && fieldValue.charAt(start) == ' ') {
			start++;
		}
		while (end > start && fieldValue.charAt(end - 1) == ' ') {
			end--;
		}
		if (start == end || fieldValue.charAt(start) != '"') {
			throw new InvalidKeyException(
					"The Idempotency-Key header must be a quoted string, such as \"8e03978e-40d5-43e8-bc93-6894a57f9324\".");
		}
		StringBuilder key = null;
		int i = start + 1;
		int runStart = i;
		while (i < end) {
			char c = fieldValue.charAt(i);
			if (c == '\\') {
				if (i + 1 >= end) {
					throw new InvalidKeyException("The Idempotency-Key header ends inside an escape.");
				}
				char next = fieldValue.charAt(i + 1);
				if (next != '"' && next != '\\') {
					throw new InvalidKeyException("The Idempotency-Key header may escape only '\"' and '\\'.");
				}
				if (key == null) {
					key = new StringBuilder(end - start);
				}
				key.append(fieldValue, runStart, i).append(next);
				i += 2;
				runStart = i;
				continue;
			}
			if (c == '"') {
				if (i + 1 != end) {
					throw new InvalidKeyException("The Idempotency-Key header must hold one string and nothing after it.");
				}
				String value = (key == null) ? fieldValue.substring(runStart, i)
						: key.append(fieldValue, runStart, i).toString();
				if (value.isEmpty()) {
					throw new InvalidKeyException("The Idempotency-Key header must not be empty.");
				}
				if (value.length() > MAX_LENGTH) {
					throw new InvalidKeyException(
							"The Idempotency-Key header must be at most " + MAX_LENGTH + " characters long.");
				}
				return value;
			}
			if (c < 0x20 || c > 0x7E) {
				throw new InvalidKeyException(
						"The Idempotency-Key header may hold only printable ASCII characters.");
			}
			i++;
		}
		throw new InvalidKeyException("The Idempotency-Key header's string is not closed.");
	}

	/**
	 * Thrown for a header that is there but is not one valid key. The message explains the rule
	 * without quoting the value.
	 */
	public static final class InvalidKeyException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidKeyException(String message) {
			super(message);
		}

	}

}
