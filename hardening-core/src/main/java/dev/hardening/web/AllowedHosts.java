package dev.hardening.web;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The host names a service answers to: exact names ({@code api.example.com}), wildcards of
 * subdomains ({@code *.example.com}, which does not match {@code example.com} itself), IPv4
 * literals and bracketed IPv6 literals ({@code [::1]}). Matching ignores case, a port, and a
 * trailing dot; internationalized names are compared in their ASCII (punycode) form. A
 * {@code Host} value that is not a syntactically valid host is never allowed.
 *
 * <pre>{@code
 * AllowedHosts hosts = AllowedHosts.of(List.of("api.example.com", "*.example.com"));
 * hosts.allows("API.example.com:443");   // true
 * hosts.allows("evil.example");          // false
 * }</pre>
 */
public final class AllowedHosts {

	private static final Pattern HOST_NAME = Pattern
		.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-f:.]{2,45}(%[0-9a-z._~-]+)?]");

	private final List<String> exact;

	private final List<String> suffixes;

	private AllowedHosts(List<String> exact, List<String> suffixes) {
		this.exact = exact;
		this.suffixes = suffixes;
	}

	/**
	 * Parses the allowed hosts.
	 * @param patterns names, {@code *.}-wildcards and IP literals
	 * @return the allowed hosts
	 * @throws IllegalArgumentException naming the first pattern that is not valid
	 */
	public static AllowedHosts of(List<String> patterns) {
		List<String> exact = new ArrayList<>();
		List<String> suffixes = new ArrayList<>();
		for (String pattern : patterns) {
			Objects.requireNonNull(pattern, "pattern must not be null");
			String text = pattern.strip();
			boolean wildcard = text.startsWith("*.");
			String host = normalizePattern(wildcard ? text.substring(2) : text);
			if (host == null || (wildcard && host.startsWith("["))) {
				throw new IllegalArgumentException("'" + pattern
						+ "' is not a host name, a *.-wildcard of one, or an IP literal (IPv6 in brackets)");
			}
			if (wildcard) {
				suffixes.add("." + host);
			}
			else {
				exact.add(host);
			}
		}
		return new AllowedHosts(List.copyOf(exact), List.copyOf(suffixes));
	}

	/**
	 * Tells whether no host is listed, so every host is allowed.
	 * @return {@code true} if the list is empty
	 */
	public boolean isEmpty() {
		return this.exact.isEmpty() && this.suffixes.isEmpty();
	}

	/**
	 * Tells whether a {@code Host} (or {@code X-Forwarded-Host}) value names an allowed host.
	 * @param hostHeader the field value, with or without a port
	 * @return {@code true} if allowed; {@code false} for a missing or malformed value
	 */
	public boolean allows(@Nullable String hostHeader) {
		String host = hostOf(hostHeader);
		if (host == null) {
			return false;
		}
		if (this.exact.contains(host)) {
			return true;
		}
		for (String suffix : this.suffixes) {
			if (host.endsWith(suffix) && host.length() > suffix.length()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reads the host of a {@code Host} field value: lower case, without port or trailing dot.
	 * @param value the field value
	 * @return the host, or {@code null} if the value is not a valid host with an optional port
	 */
	public static @Nullable String hostOf(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String text = value.strip().toLowerCase(Locale.ROOT);
		if (text.isEmpty() || text.length() > 260) {
			return null;
		}
		String host = text;
		int colon = text.lastIndexOf(':');
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				return null;
			}
			host = text.substring(0, close + 1);
			String rest = text.substring(close + 1);
			if (!rest.isEmpty() && !validPort(rest)) {
				return null;
			}
			return IPV6_LITERAL.matcher(host).matches() ? host : null;
		}
		if (colon >= 0) {
			if (!validPort(text.substring(colon))) {
				return null;
			}
			host = text.substring(0, colon);
		}
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		return HOST_NAME.matcher(host).matches() ? host : null;
	}

	private static boolean validPort(String colonAndPort) {
		if (colonAndPort.length() < 2 || colonAndPort.length() > 6 || colonAndPort.charAt(0) != ':') {
			return false;
		}
		for (int i = 1; i < colonAndPort.length(); i++) {
			char c = colonAndPort.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String normalizePattern(String pattern) {
		if (pattern.startsWith("[")) {
			String host = pattern.toLowerCase(Locale.ROOT);
			return IPV6_LITERAL.matcher(host).matches() ? host : null;
		}
		String ascii;
		try {
			ascii = IDN.toASCII(pattern, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (ascii.endsWith(".")) {
			ascii = ascii.substring(0, ascii.length() - 1);
		}
		return HOST_NAME.matcher(ascii).matches() ? ascii : null;
	}

}
