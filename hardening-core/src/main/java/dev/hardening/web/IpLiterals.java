package dev.hardening.web;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The one parser of IP literals that every client-facing class shares, so that a forwarded hop,
 * a {@code Host} and a configured range agree on what an address is. It reads characters, never
 * asks DNS, throws nothing, and allocates only the result; strict where lenient parsers disagree:
 * IPv4 is four decimal parts without leading zeros ({@code 010.0.0.1} is octal to some), IPv6 is
 * RFC 4291 text without a zone ID, and an IPv4-mapped IPv6 address is its IPv4 address.
 */
final class IpLiterals {

	private IpLiterals() {
	}

	/**
	 * Parses {@code text[from, to)}: dotted-quad IPv4, or IPv6 (with brackets when
	 * {@code brackets} allows them, in which case only IPv6 may be bracketed).
	 * @return 4 or 16 bytes, or {@code null} when it is not an IP literal
	 */
	static byte @Nullable [] parse(CharSequence text, int from, int to, boolean brackets) {
		if (from >= to) {
			return null;
		}
		if (brackets && text.charAt(from) == '[') {
			return (to - from > 2 && text.charAt(to - 1) == ']') ? ipv6(text, from + 1, to - 1) : null;
		}
		for (int i = from; i < to; i++) {
			if (text.charAt(i) == ':') {
				return ipv6(text, from, to);
			}
		}
		return ipv4(text, from, to);
	}

	static byte @Nullable [] ipv4(CharSequence text, int from, int to) {
		long bits = ipv4Bits(text, from, to);
		if (bits < 0) {
			return null;
		}
		return new byte[] { (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits };
	}

	/**
	 * Parses {@code text[from, to)} as dotted-quad IPv4, as {@link #ipv4} does, without allocating.
	 * @return the 32 bits of the address, or -1 when it is not an IPv4 literal
	 */
	static long ipv4Bits(CharSequence text, int from, int to) {
		if (to - from < 7 || to - from > 15) {
			return -1;
		}
		long bits = 0;
		int part = 0;
		int value = 0;
		int digits = 0;
		for (int i = from; i <= to; i++) {
			char c = (i < to) ? text.charAt(i) : '.';
			if (c == '.') {
				if (digits == 0 || part == 4) {
					return -1;
				}
				bits = (bits << 8) | value;
				part++;
				value = 0;
				digits = 0;
			}
			else if (c >= '0' && c <= '9') {
				if (digits > 0 && value == 0) {
					return -1; // a leading zero
				}
				value = value * 10 + (c - '0');
				if (++digits > 3 || value > 255) {
					return -1;
				}
			}
			else {
				return -1;
			}
		}
		return (part == 4) ? bits : -1;
	}

	private static byte @Nullable [] ipv6(CharSequence text, int from, int to) {
		if (to - from < 2 || to - from > 45) {
			return null;
		}
		byte[] bytes = new byte[16];
		int groups = 0;
		int gap = -1;
		int i = from;
		if (text.charAt(i) == ':') {
			if (text.charAt(i + 1) != ':') {
				return null;
			}
			gap = 0;
			i += 2;
		}
		while (i < to) {
			if (groups == 8) {
				return null;
			}
			int start = i;
			int value = 0;
			int digit;
			while (i < to && (digit = hex(text.charAt(i))) >= 0) {
				value = (value << 4) | digit;
				if (++i - start > 4) {
					return null;
				}
			}
			if (i < to && text.charAt(i) == '.') {
				// an IPv4 tail fills the last 32 bits
				byte[] tail = (groups <= 6) ? ipv4(text, start, to) : null;
				if (tail == null) {
					return null;
				}
				System.arraycopy(tail, 0, bytes, groups * 2, 4);
				groups += 2;
				break;
			}
			if (i == start) {
				return null;
			}
			bytes[groups * 2] = (byte) (value >>> 8);
			bytes[groups * 2 + 1] = (byte) value;
			groups++;
			if (i == to) {
				break;
			}
			if (text.charAt(i) != ':' || ++i == to) {
				return null;
			}
			if (text.charAt(i) == ':') {
				if (gap >= 0) {
					return null;
				}
				gap = groups;
				i++;
			}
		}
		if (gap >= 0) {
			if (groups == 8) {
				return null;
			}
			int tail = (groups - gap) * 2;
			System.arraycopy(bytes, gap * 2, bytes, 16 - tail, tail);
			Arrays.fill(bytes, gap * 2, 16 - tail, (byte) 0);
		}
		else if (groups != 8) {
			return null;
		}
		return isIpv4Mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
	}

	private static int hex(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
	}

	private static boolean isIpv4Mapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

}
