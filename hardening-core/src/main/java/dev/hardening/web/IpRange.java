package dev.hardening.web;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A CIDR range of IPv4 or IPv6 addresses, such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare
 * address is a range of one. Parsing never resolves a host name.
 */
public final class IpRange {

	private final byte[] network;

	private final int prefixLength;

	private IpRange(byte[] network, int prefixLength) {
		this.network = network;
		this.prefixLength = prefixLength;
	}

	/**
	 * Parses a range.
	 * @param cidr an address with an optional {@code /prefix}, for example {@code 192.168.0.0/16}
	 * @return the range
	 * @throws IllegalArgumentException if the text is not an IP literal with a valid prefix
	 */
	public static IpRange parse(String cidr) {
		Objects.requireNonNull(cidr, "cidr must not be null");
		String text = cidr.trim();
		int slash = text.indexOf('/');
		String address = (slash < 0) ? text : text.substring(0, slash);
		InetAddress parsed = parseAddress(address)
			.orElseThrow(() -> new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range"));
		byte[] bytes = parsed.getAddress();
		int maxPrefix = bytes.length * 8;
		int prefix = maxPrefix;
		if (slash >= 0) {
			String digits = text.substring(slash + 1);
			if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
				throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
			}
			prefix = Integer.parseInt(digits);
			if (prefix > maxPrefix) {
				throw new IllegalArgumentException("'" + cidr + "' has a prefix longer than " + maxPrefix);
			}
		}
		return new IpRange(mask(bytes, prefix), prefix);
	}

	/**
	 * Parses an IP literal without ever resolving a name: dotted-quad IPv4, or IPv6 with or
	 * without brackets; an IPv4-mapped IPv6 address becomes IPv4.
	 * @param text the literal
	 * @return the address, or empty if the text is not an IP literal
	 */
	public static Optional<InetAddress> parseAddress(@Nullable String text) {
		if (text == null || text.isEmpty() || text.length() > 45 + 2) {
			return Optional.empty();
		}
		String literal = text;
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		if (literal.indexOf(':') >= 0) {
			return parseIpv6(literal);
		}
		return parseIpv4(literal);
	}

	private static Optional<InetAddress> parseIpv4(String literal) {
		byte[] bytes = new byte[4];
		int octet = 0;
		int value = -1;
		for (int i = 0; i <= literal.length(); i++) {
			char c = (i < literal.length()) ? literal.charAt(i) : '.';
			if (c == '.') {
				if (value < 0 || octet == 4) {
					return Optional.empty();
				}
				bytes[octet++] = (byte) value;
				value = -1;
			}
			else if (c >= '0' && c <= '9') {
				value = (value < 0) ? c - '0' : value * 10 + (c - '0');
				if (value > 255) {
					return Optional.empty();
				}
			}
			else {
				return Optional.empty();
			}
		}
		return (octet == 4) ? Optional.of(byAddress(bytes)) : Optional.empty();
	}

	private static Optional<InetAddress> parseIpv6(String literal) {
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
					|| c == '.';
			if (!allowed) {
				// no zone IDs, no names: only what an IPv6 literal is made of
				return Optional.empty();
			}
		}
		try {
			// with a ':' in it, getByName parses a literal and never asks DNS
			return Optional.of(InetAddress.getByName(literal));
		}
		catch (java.net.UnknownHostException ex) {
			return Optional.empty();
		}
	}

	private static InetAddress byAddress(byte[] bytes) {
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Tells whether an address is in this range; an IPv4 address is never in an IPv6 range, nor
	 * the other way round.
	 * @param address the address
	 * @return {@code true} if it is in the range
	 */
	public boolean contains(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length != this.network.length) {
			return false;
		}
		return Arrays.equals(mask(bytes, this.prefixLength), this.network);
	}

	private static byte[] mask(byte[] address, int prefix) {
		byte[] masked = address.clone();
		for (int bit = prefix; bit < masked.length * 8; bit++) {
			masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		return masked;
	}

	/**
	 * Tells whether the range holds IPv6 addresses.
	 * @return {@code true} for IPv6
	 */
	public boolean isIpv6() {
		return this.network.length == 16;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof IpRange range) && this.prefixLength == range.prefixLength
				&& Arrays.equals(this.network, range.network);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.network) + this.prefixLength;
	}

	@Override
	public String toString() {
		return byAddress(this.network).getHostAddress() + "/" + this.prefixLength;
	}

}
