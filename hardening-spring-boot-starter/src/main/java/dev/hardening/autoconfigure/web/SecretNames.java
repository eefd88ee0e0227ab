package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names of secrets, matched against the names of query parameters and JSON members ignoring case
 * and the separators {@code _}, {@code -}, {@code .} and space, so that {@code api_key},
 * {@code API-KEY}, {@code apiKey} and {@code x-api-key} all match {@code apiKey}. A name of four
 * letters or more matches wherever it occurs ({@code newPassword} matches {@code password}); a
 * shorter one ({@code key}, {@code pin}, {@code ssn}) only as whole words, split at separators,
 * case humps and digits ({@code userPin}, {@code PRIVATE_KEY}, not {@code monkey},
 * {@code shipping} or {@code className}). The names are normalized once, at startup; a match
 * allocates nothing.
 */
public final class SecretNames {

	private static final int SHORT = 3;

	private final String[] anywhere;

	private final String[] words;

	private SecretNames(String[] anywhere, String[] words) {
		this.anywhere = anywhere;
		this.words = words;
	}

	/**
	 * Normalizes names.
	 * @param names the names, in any case and with any separators
	 * @return the matcher; names that are only separators are left out
	 */
	public static SecretNames of(List<String> names) {
		List<String> anywhere = new ArrayList<>();
		List<String> words = new ArrayList<>();
		for (String name : names) {
			String normalized = normalize(name);
			if (!normalized.isEmpty()) {
				(normalized.length() <= SHORT ? words : anywhere).add(normalized);
			}
		}
		return new SecretNames(anywhere.toArray(String[]::new), words.toArray(String[]::new));
	}

	/**
	 * Lower-cases a name and drops its separators.
	 * @param name the name
	 * @return the normalized name
	 */
	static String normalize(String name) {
		StringBuilder out = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!isSeparator(c)) {
				out.append(c);
			}
		}
		return out.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * Tells whether a name is a secret's.
	 * @param name the name as sent, in any case and with any separators
	 * @return {@code true} if one of the secret names matches it
	 */
	public boolean matches(String name) {
		for (String secret : this.anywhere) {
			if (containsIgnoringSeparators(name, secret, false)) {
				return true;
			}
		}
		for (String secret : this.words) {
			if (containsIgnoringSeparators(name, secret, true)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Looks for {@code secret} in {@code name} with separators skipped and case ignored; with
	 * {@code words}, only a match that starts and ends at word boundaries counts.
	 */
	private static boolean containsIgnoringSeparators(String name, String secret, boolean words) {
		int length = name.length();
		for (int start = 0; start < length; start++) {
			if (isSeparator(name.charAt(start)) || (words && !boundaryBefore(name, start))) {
				continue;
			}
			int i = start;
			int matched = 0;
			while (matched < secret.length() && i < length) {
				char c = name.charAt(i);
				if (isSeparator(c)) {
					i++;
					continue;
				}
				if (Character.toLowerCase(c) != secret.charAt(matched)) {
					break;
				}
				matched++;
				i++;
			}
			if (matched == secret.length() && (!words || boundaryBefore(name, i))) {
				return true;
			}
		}
		return false;
	}

	/** Whether a word starts at {@code i} (or the name ends there). */
	private static boolean boundaryBefore(String name, int i) {
		if (i == 0 || i >= name.length()) {
			return true;
		}
		char previous = name.charAt(i - 1);
		char c = name.charAt(i);
		if (isSeparator(previous) || isSeparator(c)) {
			return true;
		}
		if (Character.isDigit(previous) != Character.isDigit(c)) {
			return true;
		}
		if (Character.isLowerCase(previous) && Character.isUpperCase(c)) {
			return true;
		}
		// the last capital of a run that starts a word: APIKey is API + Key
		return Character.isUpperCase(previous) && Character.isUpperCase(c) && i + 1 < name.length()
				&& Character.isLowerCase(name.charAt(i + 1));
	}

	/**
	 * Decodes the name of a query parameter as sent ({@code %XX} escapes as UTF-8, {@code +} as a
	 * space), so an encoded name is matched as the application will read it; a malformed escape
	 * is kept as it is.
	 * @param pair the {@code name=value} pair
	 * @param end where the name ends
	 * @return the name
	 */
	static String queryName(String pair, int end) {
		boolean encoded = false;
		for (int i = 0; i < end && !encoded; i++) {
			char c = pair.charAt(i);
			encoded = c == '%' || c == '+';
		}
		if (!encoded) {
			return pair.substring(0, end);
		}
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(end);
		for (int i = 0; i < end; i++) {
			char c = pair.charAt(i);
			if (c == '+') {
				bytes.write(' ');
			}
			else if (c == '%' && i + 2 < end && Character.digit(pair.charAt(i + 1), 16) >= 0
					&& Character.digit(pair.charAt(i + 2), 16) >= 0) {
				bytes.write(Character.digit(pair.charAt(i + 1), 16) * 16 + Character.digit(pair.charAt(i + 2), 16));
				i += 2;
			}
			else {
				byte[] raw = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
				bytes.write(raw, 0, raw.length);
			}
		}
		return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static boolean isSeparator(char c) {
		return c == '_' || c == '-' || c == '.' || c == ' ';
	}

}
