package dev.hardening.requestid;

import org.jspecify.annotations.Nullable;

/**
 * Which request IDs are safe to keep. A request ID travels into log lines, response headers and
 * problem bodies, so an incoming value is kept only if it is 1 to {@value #MAX_LENGTH} characters
 * of ASCII letters, digits, {@code .}, {@code _}, {@code :} and {@code -}. Anything else (CR or LF,
 * spaces, quotes, non-ASCII, an over-long value) is replaced, never escaped or truncated.
 */
public final class RequestIds {

	/** The longest request ID kept, in characters. */
	public static final int MAX_LENGTH = 128;

	private RequestIds() {
	}

	/**
	 * Tells whether a value is a safe request ID. Runs in one pass over at most
	 * {@value #MAX_LENGTH} characters and allocates nothing.
	 * @param value the candidate, may be {@code null}
	 * @return {@code true} if the value may be kept as it is
	 */
	public static boolean isValid(@Nullable CharSequence value) {
		if (value == null) {
			return false;
		}
		int length = value.length();
		if (length == 0 || length > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (!isAllowed(value.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isAllowed(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == ':' || c == '-';
	}

}
