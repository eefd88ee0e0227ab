package dev.hardening.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Which peers may say who the client is. The client address is the peer's address, unless the
 * peer is a trusted proxy: then it is the right-most address in {@code Forwarded} (RFC 7239) or
 * {@code X-Forwarded-For} that is not itself a trusted proxy. Reading from the right matters:
 * every proxy appends, so only the right end of the list was written by proxies you run; the left
 * end is whatever the client sent. Malformed entries are skipped.
 *
 * <pre>{@code
 * TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));
 * proxies.clientAddress("10.1.2.3", List.of("203.0.113.7, 10.4.5.6"), List.of());  // "203.0.113.7"
 * }</pre>
 */
public final class TrustedProxies {

	private static final TrustedProxies NONE = new TrustedProxies(List.of());

	private final List<IpRange> ranges;

	private TrustedProxies(List<IpRange> ranges) {
		this.ranges = ranges;
	}

	/**
	 * Trusts no proxy: the client address is always the peer's.
	 * @return the instance
	 */
	public static TrustedProxies none() {
		return NONE;
	}

	/**
	 * Trusts the peers in the given ranges.
	 * @param cidrs IPv4 and IPv6 addresses or CIDR ranges
	 * @return the trusted proxies
	 * @throws IllegalArgumentException naming the first entry that is not an address or range
	 */
	public static TrustedProxies of(List<String> cidrs) {
		List<IpRange> ranges = new ArrayList<>();
		for (String cidr : cidrs) {
			ranges.add(IpRange.parse(cidr));
		}
		return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges));
	}

	/**
	 * Tells whether any proxy is trusted.
	 * @return {@code false} when the forwarding headers are never read
	 */
	public boolean isEmpty() {
		return this.ranges.isEmpty();
	}

	/**
	 * Tells whether an address belongs to a trusted proxy.
	 * @param address the address
	 * @return {@code true} if trusted
	 */
	public boolean isTrusted(InetAddress address) {
		for (IpRange range : this.ranges) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Tells whether a peer address, as the container reports it, belongs to a trusted proxy.
	 * @param peer the peer's IP literal
	 * @return {@code true} if trusted; {@code false} also when it is not an IP literal
	 */
	public boolean isTrusted(String peer) {
		if (this.ranges.isEmpty()) {
			return false;
		}
		Optional<InetAddress> address = IpRange.parseAddress(peer);
		return address.isPresent() && isTrusted(address.get());
	}

	/**
	 * Works out the client's address.
	 * @param peer the address the connection came from
	 * @param xForwardedFor every {@code X-Forwarded-For} line, in order
	 * @param forwarded every {@code Forwarded} line, in order; preferred over
	 * {@code X-Forwarded-For} when present
	 * @return the client address, in canonical form when it was parsed
	 */
	public String clientAddress(String peer, List<String> xForwardedFor, List<String> forwarded) {
		if (this.ranges.isEmpty()) {
			return peer;
		}
		Optional<InetAddress> peerAddress = IpRange.parseAddress(peer);
		if (peerAddress.isEmpty() || !isTrusted(peerAddress.get())) {
			return peer;
		}
		List<String> hops = forwarded.isEmpty() ? splitForwardedFor(xForwardedFor) : forwardedFor(forwarded);
		InetAddress leftmostTrusted = peerAddress.get();
		for (int i = hops.size() - 1; i >= 0; i--) {
			Optional<InetAddress> hop = IpRange.parseAddress(stripPort(hops.get(i)));
			if (hop.isEmpty()) {
				continue;
			}
			if (!isTrusted(hop.get())) {
				return hop.get().getHostAddress();
			}
			leftmostTrusted = hop.get();
		}
		return leftmostTrusted.getHostAddress();
	}

	private static List<String> splitForwardedFor(List<String> lines) {
		List<String> hops = new ArrayList<>();
		for (String line : lines) {
			for (String hop : line.split(",")) {
				hops.add(hop.trim());
			}
		}
		return hops;
	}

	/** The {@code for=} values of RFC 7239 elements, quotes removed. */
	private static List<String> forwardedFor(List<String> lines) {
		List<String> hops = new ArrayList<>();
		for (String line : lines) {
			for (String element : line.split(",")) {
				String forValue = null;
				for (String pair : element.split(";")) {
					int equals = pair.indexOf('=');
					if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase("for")) {
						forValue = unquote(pair.substring(equals + 1).trim());
					}
				}
				// an element without for= is malformed for our purpose; keep its place so it is skipped
				hops.add(Objects.requireNonNullElse(forValue, ""));
			}
		}
		return hops;
	}

	private static String unquote(String value) {
		return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
				? value.substring(1, value.length() - 1) : value;
	}

	/** Removes a port: {@code 1.2.3.4:80} and {@code [::1]:80}; a bare IPv6 literal is left alone. */
	private static @Nullable String stripPort(String hop) {
		if (hop.startsWith("[")) {
			int close = hop.indexOf(']');
			return (close > 0) ? hop.substring(0, close + 1) : null;
		}
		int colon = hop.indexOf(':');
		if (colon >= 0 && colon == hop.lastIndexOf(':')) {
			return hop.substring(0, colon);
		}
		return hop;
	}

}
