package dev.hardening.web;

import org.jspecify.annotations.Nullable;

/**
 * Makes a value that came from a client safe to put in a log line (CWE-117): control characters
 * (C0, DEL and C1, such as the NEL a Latin-1 header byte {@code 0x85} becomes) and the Unicode
 * line and paragraph separators are escaped ({@code \r} becomes the two characters {@code \r}), so a value can never start a
 * new line or rewrite the terminal, and long values are cut, marked with an ellipsis.
 */
public final class LogValues {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private LogValues() {
	}

	/**
	 * Escapes and truncates a value.
	 * @param value the value, or {@code null}
	 * @param maxLength the most characters of the value kept, before escaping
	 * @return the safe value, or {@code null} for {@code null}
	 */
	public static @Nullable String safe(@Nullable String value, int maxLength) {
		if (value == null) {
			return null;
		}
		int length = Math.min(value.length(), maxLength);
		StringBuilder out = null;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && (c < 0x7f || c > 0x9f) && c != '\\' && c != '\u2028' && c != '\u2029') {
				if (out != null) {
					out.append(c);
				}
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
		String safe = (out != null) ? out.toString() : value.substring(0, length);
		return (value.length() > maxLength) ? safe + "…" : safe;
	}

}
