package dev.hardening.web;

import java.net.IDN;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * {@link AllowedHosts} as it was before it matched a value in place (commit 6803771), kept word
 * for word as the model that {@code AllowedHostsPropertyTests} holds the new one to: it
 * lower-cased a copy of every value and looked it up in a hash set.
 */
final class LegacyAllowedHosts {

	private final Set<String> exact;

	private final List<String> suffixes;

	private LegacyAllowedHosts(Set<String> exact, List<String> suffixes) {
		this.exact = exact;
		this.suffixes = suffixes;
	}

	/**
	 * Parses the allowed hosts.
	 * @param patterns names, {@code *.}-wildcards and IP literals
	 * @return the allowed hosts
	 * @throws IllegalArgumentException naming the first pattern that is not valid
	 */
	static LegacyAllowedHosts of(List<String> patterns) {
		Set<String> exact = new LinkedHashSet<>();
		List<String> suffixes = new ArrayList<>();
		for (String pattern : patterns) {
			Objects.requireNonNull(pattern, "pattern must not be null");
			String text = pattern.strip();
			boolean wildcard = text.startsWith("*.");
			String host = normalizePattern(wildcard ? text.substring(2) : text);
			if (host == null || (wildcard && (host.startsWith("[") || isIpv4(host)))) {
				throw new IllegalArgumentException("'" + pattern
						+ "' is not a host name, a *.-wildcard of one, or an IP literal (IPv6 in brackets, no zone ID)");
			}
			if (wildcard) {
				suffixes.add("." + host);
			}
			else {
				exact.add(host);
			}
		}
		return new LegacyAllowedHosts(Set.copyOf(exact), List.copyOf(suffixes));
	}

	/**
	 * Tells whether no host is listed, so every host is allowed.
	 * @return {@code true} if the list is empty
	 */
	public boolean isEmpty() {
		return this.exact.isEmpty() && this.suffixes.isEmpty();
	}

	/**
	 * Tells whether a {@code Host} (or forwarded host) value names an allowed host.
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
	 * Reads the host of a {@code Host} field value in canonical form: a name in lower case
	 * without port or trailing dot; an IPv4 address as four decimal parts; an IPv6 address in
	 * brackets, in the full form of {@link java.net.Inet6Address#getHostAddress()}, or as IPv4
	 * when it is IPv4-mapped. So every spelling of one address reads the same.
	 * @param value the field value
	 * @return the host, or {@code null} if the value is not a valid host with an optional port:
	 * a name whose last label is a number must be a dotted-quad IPv4 address without leading
	 * zeros (browsers read {@code 127.1} and {@code 2130706433} as addresses), and IPv6 zone IDs
	 * are refused
	 */
	public static @Nullable String hostOf(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String text = value.strip();
		if (text.isEmpty() || text.length() > 260) {
			return null;
		}
		if (text.charAt(0) == '[') {
			int close = text.indexOf(']');
			if (close < 0 || (close + 1 < text.length() && !validPort(text, close + 1))) {
				return null;
			}
			byte[] address = IpLiterals.parse(text, 0, close + 1, true);
			return (address != null) ? canonical(address) : null;
		}
		int colon = text.indexOf(':');
		if (colon >= 0 && !validPort(text, colon)) {
			return null;
		}
		int end = (colon >= 0) ? colon : text.length();
		if (end > 0 && text.charAt(end - 1) == '.') {
			end--;
		}
		return hostName(text.substring(0, end).toLowerCase(Locale.ROOT));
	}

	/** A DNS name of letters, digits and hyphens; or a dotted-quad IPv4 when it ends in a number. */
	private static @Nullable String hostName(String host) {
		int length = host.length();
		if (length == 0 || length > 253) {
			return null;
		}
		int labelStart = 0;
		for (int i = 0; i <= length; i++) {
			char c = (i < length) ? host.charAt(i) : '.';
			if (c == '.') {
				int labelLength = i - labelStart;
				if (labelLength == 0 || labelLength > 63 || host.charAt(labelStart) == '-' || host.charAt(i - 1) == '-') {
					return null;
				}
				labelStart = i + 1;
			}
			else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
				return null;
			}
		}
		if (!endsInANumber(host)) {
			return host;
		}
		byte[] address = IpLiterals.ipv4(host, 0, length);
		return (address != null) ? canonical(address) : null;
	}

	/** WHATWG URL's rule: a host whose last label is all digits, or 0x and hex, is an IPv4 address. */
	private static boolean endsInANumber(String host) {
		int last = host.lastIndexOf('.') + 1;
		boolean hex = host.startsWith("0x", last);
		for (int i = hex ? last + 2 : last; i < host.length(); i++) {
			char c = host.charAt(i);
			if (!((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isIpv4(String host) {
		return !host.isEmpty() && host.charAt(host.length() - 1) >= '0' && host.charAt(host.length() - 1) <= '9'
				&& IpLiterals.ipv4(host, 0, host.length()) != null;
	}

	private static String canonical(byte[] address) {
		String text = IpRange.byAddress(address).getHostAddress();
		return (address.length == 16) ? "[" + text + "]" : text;
	}

	private static boolean validPort(String text, int colon) {
		int length = text.length() - colon;
		if (length < 2 || length > 6 || text.charAt(colon) != ':') {
			return false;
		}
		for (int i = colon + 1; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String normalizePattern(String pattern) {
		if (pattern.startsWith("[")) {
			byte[] address = IpLiterals.parse(pattern, 0, pattern.length(), true);
			return (address != null) ? canonical(address) : null;
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
		return hostName(ascii);
	}

}
