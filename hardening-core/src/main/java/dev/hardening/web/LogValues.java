package dev.hardening.web;

import org.jspecify.annotations.Nullable;

/**
 * Makes a value that came from a client safe to put in a log line (CWE-117): control characters
 * (C0, DEL and C1, such as the NEL a Latin-1 header byte {@code 0x85} becomes), the Unicode line
 * and paragraph separators and unpaired surrogates are escaped ({@code \r} becomes the two
 * characters {@code \r}, a lone {@code U+D800} the six characters {@code \ud800}), so that a value
 * can never start a new line or rewrite the terminal and is always well-formed Unicode; long values
 * are cut, never inside a surrogate pair, and marked with an ellipsis.
 */
public final class LogValues {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final String CUT = "…";

	private LogValues() {
	}

	/**
	 * Escapes and truncates a value.
	 * @param value the value, or {@code null}
	 * @param maxLength the most characters of the value kept, before escaping (one fewer where the
	 * last would be the first half of a surrogate pair)
	 * @return the safe value, or {@code null} for {@code null}
	 */
	public static @Nullable String safe(@Nullable String value, int maxLength) {
		if (value == null) {
			return null;
		}
		int length = kept(value, maxLength);
		String safe = escape(value, length);
		return (length < value.length()) ? safe + CUT : safe;
	}

	/**
	 * Escapes a value as {@link #safe(String, int)} does, and cuts it so that what is returned, its
	 * ellipsis included, is at most {@code maxChars} characters (never inside an escape or a
	 * surrogate pair): for a column of that many characters.
	 * @param value the value, or {@code null}
	 * @param maxChars the most characters returned, at least 7 (an escape and the ellipsis)
	 * @return the safe value, or {@code null} for {@code null}
	 */
	public static @Nullable String within(@Nullable String value, int maxChars) {
		if (maxChars < 7) {
			throw new IllegalArgumentException("maxChars must be at least 7, but was " + maxChars);
		}
		if (value == null) {
			return null;
		}
		// each character kept is at least one written: none past maxChars can be
		int length = kept(value, maxChars);
		String escaped = escape(value, length);
		if (length == value.length() && escaped.length() <= maxChars) {
			return escaped;
		}
		int end = 0;
		while (end < escaped.length()) {
			char c = escaped.charAt(end);
			int token = (c == '\\') ? ((escaped.charAt(end + 1) == 'u') ? 6 : 2) : Character.isHighSurrogate(c) ? 2 : 1;
			if (end + token > maxChars - CUT.length()) {
				break;
			}
			end += token;
		}
		return escaped.substring(0, end) + CUT;
	}

	/** How many characters of the value are kept for at most {@code maxLength}: a pair is not split. */
	private static int kept(String value, int maxLength) {
		int length = Math.min(value.length(), maxLength);
		if (length < value.length() && length > 0 && Character.isHighSurrogate(value.charAt(length - 1))
				&& Character.isLowSurrogate(value.charAt(length))) {
			length--;
		}
		return length;
	}

	/** The first {@code length} characters of the value, escaped. */
	private static String escape(String value, int length) {
		StringBuilder out = null;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && (c < 0x7f || c > 0x9f) && c != '\\' && c != '\u2028' && c != '\u2029'
					&& !Character.isSurrogate(c)) {
				if (out != null) {
					out.append(c);
				}
				continue;
			}
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
				if (out != null) {
					out.append(c).append(value.charAt(i + 1));
				}
				i++;
				continue;
			}
			if (out == null) {
				out = new StringBuilder(length + 16).append(value, 0, i);
			}
			switch (c) {
				case '\r' -> out.append("\\r");
				case '\n' -> out.append("\\n");
				case '\t' -> out.append("\\t");
				case '\\' -> out.append("\\\\");
				default -> out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
					.append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
			}
		}
		return (out != null) ? out.toString() : value.substring(0, length);
	}

}
