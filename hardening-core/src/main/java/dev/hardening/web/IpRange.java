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
	 * @param cidr an address with an optional {@code /prefix}, for example {@code 192.168.0.0/16};
	 * an IPv4-mapped range such as {@code ::ffff:10.0.0.0/104} is the IPv4 range it maps
	 * @return the range
	 * @throws IllegalArgumentException if the text is not an IP literal with a valid prefix
	 */
	public static IpRange parse(String cidr) {
		Objects.requireNonNull(cidr, "cidr must not be null");
		String text = cidr.trim();
		int slash = text.indexOf('/');
		int end = (slash < 0) ? text.length() : slash;
		byte[] bytes = IpLiterals.parse(text, 0, end, true);
		if (bytes == null) {
			throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
		}
		// an IPv4-mapped literal was written in IPv6 bits: 96 of them stand before the IPv4 address
		int written = (bytes.length == 4 && text.lastIndexOf(':', end) >= 0) ? 128 : bytes.length * 8;
		int prefix = written;
		if (slash >= 0) {
			String digits = text.substring(slash + 1);
			if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
			}
			prefix = Integer.parseInt(digits);
			if (prefix > written) {
				throw new IllegalArgumentException("'" + cidr + "' has a prefix longer than " + written);
			}
		}
		prefix -= written - bytes.length * 8;
		if (prefix < 0) {
			throw new IllegalArgumentException("'" + cidr + "' is an IPv4-mapped range shorter than /96");
		}
		return new IpRange(mask(bytes, prefix), prefix);
	}

	/**
	 * Returns the network of the given length that holds an address, such as the {@code /64} of
	 * an IPv6 client.
	 * @param address the address
	 * @param prefixLength the length of the network, up to 32 for IPv4 and 128 for IPv6
	 * @return the range
	 * @throws IllegalArgumentException if the prefix does not fit the address
	 */
	public static IpRange of(InetAddress address, int prefixLength) {
		byte[] bytes = address.getAddress();
		if (prefixLength < 0 || prefixLength > bytes.length * 8) {
			throw new IllegalArgumentException("prefixLength must be between 0 and " + bytes.length * 8);
		}
		return new IpRange(mask(bytes, prefixLength), prefixLength);
	}

	/**
	 * Parses an IP literal without ever resolving a name: dotted-quad IPv4 without leading zeros,
	 * or IPv6 (RFC 4291 text, no zone ID) with or without brackets; an IPv4-mapped IPv6 address
	 * becomes IPv4. Every form of one address parses to the same {@link InetAddress}.
	 * @param text the literal
	 * @return the address, or empty if the text is not an IP literal
	 */
	public static Optional<InetAddress> parseAddress(@Nullable String text) {
		byte[] bytes = (text != null) ? IpLiterals.parse(text, 0, text.length(), true) : null;
		return (bytes != null) ? Optional.of(byAddress(bytes)) : Optional.empty();
	}

	static InetAddress byAddress(byte[] bytes) {
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
		return contains(address.getAddress());
	}

	boolean contains(byte[] bytes) {
		if (bytes.length != this.network.length) {
			return false;
		}
		int whole = this.prefixLength / 8;
		for (int i = 0; i < whole; i++) {
			if (bytes[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefixLength % 8;
		return rest == 0 || ((bytes[whole] ^ this.network[whole]) & (0xff00 >>> rest) & 0xff) == 0;
	}

	private static byte[] mask(byte[] address, int prefix) {
		byte[] masked = address.clone();
		for (int bit = prefix; bit < masked.length * 8; bit++) {
			masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		return masked;
	}

	/**
	 * Returns the length of the network prefix.
	 * @return 0 to 32 for IPv4, 0 to 128 for IPv6
	 */
	public int prefixLength() {
		return this.prefixLength;
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
