package dev.hardening.web;

import java.net.IDN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The host names a service answers to: exact names ({@code api.example.com}), wildcards of
 * subdomains ({@code *.example.com}, which does not match {@code example.com} itself), IPv4
 * literals and bracketed IPv6 literals ({@code [::1]}). Matching ignores case, a port, and a
 * trailing dot; IP literals compare as addresses ({@code [::1]} is {@code [0:0:0:0:0:0:0:1]},
 * {@code [::ffff:127.0.0.1]} is {@code 127.0.0.1}); internationalized names are compared in
 * their ASCII (punycode) form. A {@code Host} value that is not a syntactically valid host is
 * never allowed, nor one that only some parsers read as an address ({@code 127.1},
 * {@code 0x7f.0.0.1}, {@code 127.0.0.01}). Case is folded for ASCII letters only: the Kelvin sign
 * ({@code U+212A}), which Java lower-cases to {@code k}, and the long s ({@code U+017F}), which
 * Java's case-insensitive comparisons take for {@code s}, are not letters of a host name. A
 * {@code Host} value is matched where it lies, without a lower-cased copy of it.
 *
 * <pre>{@code
 * AllowedHosts hosts = AllowedHosts.of(List.of("api.example.com", "*.example.com"));
 * hosts.allows("API.example.com:443");   // true
 * hosts.allows("evil.example");          // false
 * }</pre>
 */
public final class AllowedHosts {

	/** The longest value read, spaces around it left out: a name of 253 characters and a port. */
	private static final int MAX_LENGTH = 260;

	/** Exact names in lower case, by their hash, open addressing: at most half full. */
	private final String[] names;

	private final int nameCount;

	/** The wildcards' suffixes in lower case, each with its leading dot. */
	private final String[] suffixes;

	private final int[] ipv4;

	private final byte[][] ipv6;

	private AllowedHosts(Set<String> names, List<String> suffixes, int[] ipv4, byte[][] ipv6) {
		this.names = table(names);
		this.nameCount = names.size();
		this.suffixes = suffixes.toArray(new String[0]);
		this.ipv4 = ipv4;
		this.ipv6 = ipv6;
	}

	/**
	 * Parses the allowed hosts.
	 * @param patterns names, {@code *.}-wildcards and IP literals
	 * @return the allowed hosts
	 * @throws IllegalArgumentException naming the first pattern that is not valid
	 */
	public static AllowedHosts of(List<String> patterns) {
		Set<String> exact = new LinkedHashSet<>();
		Set<String> suffixes = new LinkedHashSet<>();
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
		Set<String> names = new LinkedHashSet<>();
		List<Integer> ipv4 = new ArrayList<>();
		List<byte[]> ipv6 = new ArrayList<>();
		for (String host : exact) {
			byte[] address = host.startsWith("[") ? IpLiterals.parse(host, 0, host.length(), true)
					: isIpv4(host) ? IpLiterals.ipv4(host, 0, host.length()) : null;
			if (address == null) {
				names.add(host);
			}
			else if (address.length == 4) {
				ipv4.add(bits(address));
			}
			else {
				ipv6.add(address);
			}
		}
		return new AllowedHosts(names, List.copyOf(suffixes), ipv4.stream().mapToInt(Integer::intValue).toArray(),
				ipv6.toArray(new byte[0][]));
	}

	/**
	 * Tells whether no host is listed, so every host is allowed.
	 * @return {@code true} if the list is empty
	 */
	public boolean isEmpty() {
		return this.nameCount == 0 && this.suffixes.length == 0 && this.ipv4.length == 0 && this.ipv6.length == 0;
	}

	/**
	 * Tells whether a {@code Host} (or forwarded host) value names an allowed host. Allocates
	 * nothing but for a bracketed IPv6 literal.
	 * @param hostHeader the field value, with or without a port
	 * @return {@code true} if allowed; {@code false} for a missing or malformed value
	 */
	public boolean allows(@Nullable String hostHeader) {
		if (hostHeader == null) {
			return false;
		}
		int from = stripStart(hostHeader);
		int to = stripEnd(hostHeader, from);
		if (from == to || to - from > MAX_LENGTH) {
			return false;
		}
		if (hostHeader.charAt(from) == '[') {
			byte[] address = bracketed(hostHeader, from, to);
			if (address == null) {
				return false;
			}
			return (address.length == 4) ? contains(this.ipv4, bits(address)) : containsIpv6(address);
		}
		int end = nameEnd(hostHeader, from, to);
		if (end < 0 || !isHostName(hostHeader, from, end)) {
			return false;
		}
		if (endsInANumber(hostHeader, from, end)) {
			long address = IpLiterals.ipv4Bits(hostHeader, from, end);
			return address >= 0 && contains(this.ipv4, (int) address);
		}
		if (containsName(hostHeader, from, end)) {
			return true;
		}
		for (String suffix : this.suffixes) {
			if (end - from > suffix.length() && equalsLowerCase(hostHeader, end - suffix.length(), end, suffix)) {
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
		int from = stripStart(value);
		int to = stripEnd(value, from);
		if (from == to || to - from > MAX_LENGTH) {
			return null;
		}
		if (value.charAt(from) == '[') {
			byte[] address = bracketed(value, from, to);
			return (address != null) ? canonical(address) : null;
		}
		int end = nameEnd(value, from, to);
		return (end >= 0) ? hostName(value, from, end) : null;
	}

	/** Where a value starts once the white space {@link String#strip()} strips is left out. */
	private static int stripStart(String value) {
		int from = 0;
		while (from < value.length() && Character.isWhitespace(value.charAt(from))) {
			from++;
		}
		return from;
	}

	/** Where a value ends once the white space {@link String#strip()} strips is left out. */
	private static int stripEnd(String value, int from) {
		int to = value.length();
		while (to > from && Character.isWhitespace(value.charAt(to - 1))) {
			to--;
		}
		return to;
	}

	/** The address of a bracketed IPv6 literal with an optional port, {@code null} if it is not one. */
	private static byte @Nullable [] bracketed(String text, int from, int to) {
		int close = indexOf(text, ']', from, to);
		if (close < 0 || (close + 1 < to && !validPort(text, close + 1, to))) {
			return null;
		}
		return IpLiterals.parse(text, from, close + 1, true);
	}

	/** Where the name of {@code text[from, to)} ends: before a port and a trailing dot; -1 for a bad port. */
	private static int nameEnd(String text, int from, int to) {
		int colon = indexOf(text, ':', from, to);
		if (colon >= 0 && !validPort(text, colon, to)) {
			return -1;
		}
		int end = (colon >= 0) ? colon : to;
		if (end > from && text.charAt(end - 1) == '.') {
			end--;
		}
		return end;
	}

	/**
	 * A DNS name of letters, digits and hyphens, in lower case; or a dotted-quad IPv4 when it
	 * ends in a number.
	 */
	private static @Nullable String hostName(String text, int from, int end) {
		if (!isHostName(text, from, end)) {
			return null;
		}
		if (!endsInANumber(text, from, end)) {
			// ASCII only, checked above: Locale.ROOT lower-cases it as ASCII does
			return text.substring(from, end).toLowerCase(Locale.ROOT);
		}
		byte[] address = IpLiterals.ipv4(text, from, end);
		return (address != null) ? canonical(address) : null;
	}

	/** Whether {@code text[from, end)} is a DNS name: ASCII letters, digits, hyphens, dots. */
	private static boolean isHostName(String text, int from, int end) {
		int length = end - from;
		if (length == 0 || length > 253) {
			return false;
		}
		int labelStart = from;
		for (int i = from; i <= end; i++) {
			char c = (i < end) ? text.charAt(i) : '.';
			if (c == '.') {
				int labelLength = i - labelStart;
				if (labelLength == 0 || labelLength > 63 || text.charAt(labelStart) == '-' || text.charAt(i - 1) == '-') {
					return false;
				}
				labelStart = i + 1;
			}
			else {
				char lower = toLowerCase(c);
				if (!((lower >= 'a' && lower <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
					return false;
				}
			}
		}
		return true;
	}

	/** WHATWG URL's rule: a host whose last label is all digits, or 0x and hex, is an IPv4 address. */
	private static boolean endsInANumber(String host, int from, int end) {
		int last = host.lastIndexOf('.', end - 1) + 1;
		if (last < from) {
			last = from;
		}
		boolean hex = end - last >= 2 && host.charAt(last) == '0' && toLowerCase(host.charAt(last + 1)) == 'x';
		for (int i = hex ? last + 2 : last; i < end; i++) {
			char c = toLowerCase(host.charAt(i));
			if (!((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	/** ASCII case folding only: no other letter belongs in a host name. */
	private static char toLowerCase(char c) {
		return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : c;
	}

	/** Whether {@code text[from, to)}, ASCII letters folded to lower case, is {@code lowerCase}. */
	private static boolean equalsLowerCase(String text, int from, int to, String lowerCase) {
		if (to - from != lowerCase.length()) {
			return false;
		}
		for (int i = from; i < to; i++) {
			if (toLowerCase(text.charAt(i)) != lowerCase.charAt(i - from)) {
				return false;
			}
		}
		return true;
	}

	private boolean containsName(String text, int from, int end) {
		if (this.nameCount == 0) {
			return false;
		}
		// String.hashCode() of the name in lower case
		int hash = 0;
		for (int i = from; i < end; i++) {
			hash = 31 * hash + toLowerCase(text.charAt(i));
		}
		int mask = this.names.length - 1;
		for (int i = spread(hash) & mask;; i = (i + 1) & mask) {
			String name = this.names[i];
			if (name == null) {
				return false;
			}
			if (name.hashCode() == hash && equalsLowerCase(text, from, end, name)) {
				return true;
			}
		}
	}

	private static String[] table(Set<String> names) {
		String[] table = new String[Math.max(2, Integer.highestOneBit(Math.max(1, names.size()) * 2) * 2)];
		int mask = table.length - 1;
		for (String name : names) {
			int i = spread(name.hashCode()) & mask;
			while (table[i] != null) {
				i = (i + 1) & mask;
			}
			table[i] = name;
		}
		return table;
	}

	private static int spread(int hash) {
		return hash ^ (hash >>> 16);
	}

	private boolean containsIpv6(byte[] address) {
		for (byte[] allowed : this.ipv6) {
			if (Arrays.equals(allowed, address)) {
				return true;
			}
		}
		return false;
	}

	private static boolean contains(int[] addresses, int address) {
		for (int allowed : addresses) {
			if (allowed == address) {
				return true;
			}
		}
		return false;
	}

	private static int bits(byte[] ipv4) {
		return ((ipv4[0] & 0xff) << 24) | ((ipv4[1] & 0xff) << 16) | ((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff);
	}

	private static boolean isIpv4(String host) {
		return !host.isEmpty() && host.charAt(host.length() - 1) >= '0' && host.charAt(host.length() - 1) <= '9'
				&& IpLiterals.ipv4(host, 0, host.length()) != null;
	}

	private static String canonical(byte[] address) {
		String text = IpRange.byAddress(address).getHostAddress();
		return (address.length == 16) ? "[" + text + "]" : text;
	}

	private static boolean validPort(String text, int colon, int to) {
		int length = to - colon;
		if (length < 2 || length > 6 || text.charAt(colon) != ':') {
			return false;
		}
		for (int i = colon + 1; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static int indexOf(String text, char c, int from, int to) {
		int index = text.indexOf(c, from);
		return (index >= 0 && index < to) ? index : -1;
	}

	private static @Nullable String normalizePattern(String pattern) {
		if (pattern.startsWith("[")) {
			byte[] address = IpLiterals.parse(pattern, 0, pattern.length(), true);
			return (address != null) ? canonical(address) : null;
		}
		return isAscii(pattern) ? asciiPattern(pattern) : internationalPattern(pattern);
	}

	/**
	 * A pattern with a non-ASCII letter, turned into its ASCII form (IDNA, {@code xn--} labels).
	 * Only for such a pattern: the JDK's {@link IDN} loads its Unicode tables, some 25 ms of a
	 * start, the first time it is used.
	 */
	static @Nullable String internationalPattern(String pattern) {
		String ascii;
		try {
			ascii = IDN.toASCII(pattern, IDN.ALLOW_UNASSIGNED);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		return asciiPattern(ascii);
	}

	/**
	 * An ASCII pattern, as {@link IDN#toASCII(String, int)} would leave it: an ASCII label is
	 * kept as it is (its length and its characters are checked here, as a host name's).
	 */
	static @Nullable String asciiPattern(String pattern) {
		String ascii = pattern.toLowerCase(Locale.ROOT);
		if (ascii.endsWith(".")) {
			ascii = ascii.substring(0, ascii.length() - 1);
		}
		return hostName(ascii, 0, ascii.length());
	}

	private static boolean isAscii(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) >= 0x80) {
				return false;
			}
		}
		return true;
	}

}
