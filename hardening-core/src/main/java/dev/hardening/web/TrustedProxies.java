package dev.hardening.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.hardening.web.ForwardedValues.Element;
import org.jspecify.annotations.Nullable;

/**
 * Which peers may say who the client is, and in which header. The client address is the peer's
 * address, unless the peer is a trusted proxy: then it is read from the one header the proxies
 * write ({@link #header()}), right to left, and is the first address that is not itself a
 * trusted proxy. Reading from the right matters: every proxy appends, so only the right end of
 * the list was written by proxies you run; the left end is whatever the client sent. The walk
 * stops at the first hop that is not a valid address ({@code unknown}, {@code _hidden}, an empty
 * element, anything malformed): the client is then the trusted proxy that wrote it, never an
 * address further left, which the client chose. The other header is never read, not even as a
 * fallback.
 *
 * <pre>{@code
 * TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8"));
 * proxies.clientAddress("10.1.2.3", List.of("203.0.113.7, 10.4.5.6"));          // "203.0.113.7"
 * proxies.clientAddress("10.1.2.3", List.of("203.0.113.7, unknown, 10.4.5.6")); // "10.4.5.6"
 * }</pre>
 */
public final class TrustedProxies {

	private static final TrustedProxies NONE = new TrustedProxies(List.of(), ForwardedHeader.X_FORWARDED_FOR, false);

	private final List<IpRange> ranges;

	private final ForwardedHeader header;

	private final boolean forwardedHost;

	private TrustedProxies(List<IpRange> ranges, ForwardedHeader header, boolean forwardedHost) {
		this.ranges = ranges;
		this.header = header;
		this.forwardedHost = forwardedHost;
	}

	/**
	 * Trusts no proxy: the client address is always the peer's.
	 * @return the instance
	 */
	public static TrustedProxies none() {
		return NONE;
	}

	/**
	 * Trusts the peers in the given ranges, which write {@code X-Forwarded-For} and not the host.
	 * @param cidrs IPv4 and IPv6 addresses or CIDR ranges
	 * @return the trusted proxies
	 * @throws IllegalArgumentException naming the first entry that is not an address or range
	 */
	public static TrustedProxies of(List<String> cidrs) {
		List<IpRange> ranges = new ArrayList<>();
		for (String cidr : cidrs) {
			ranges.add(IpRange.parse(cidr));
		}
		return ranges.isEmpty() ? NONE : new TrustedProxies(List.copyOf(ranges), ForwardedHeader.X_FORWARDED_FOR, false);
	}

	/**
	 * Returns proxies like these that write the given header.
	 * @param header the header the proxies write the client address in
	 * @return the trusted proxies
	 */
	public TrustedProxies withHeader(ForwardedHeader header) {
		return new TrustedProxies(this.ranges, Objects.requireNonNull(header, "header must not be null"),
				this.forwardedHost);
	}

	/**
	 * Returns proxies like these that do, or do not, write the host the client asked for
	 * ({@code X-Forwarded-Host}, or {@code host=} in {@code Forwarded}).
	 * @param forwardedHost whether the proxies set it on every request, replacing the client's
	 * @return the trusted proxies
	 */
	public TrustedProxies withForwardedHost(boolean forwardedHost) {
		return new TrustedProxies(this.ranges, this.header, forwardedHost);
	}

	/**
	 * Returns the header the proxies write the client address in.
	 * @return the header
	 */
	public ForwardedHeader header() {
		return this.header;
	}

	/**
	 * Tells whether the forwarded host is believed.
	 * @return {@code true} if the proxies write it
	 */
	public boolean forwardedHost() {
		return this.forwardedHost;
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
		return isTrusted(address.getAddress());
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
		byte[] address = IpLiterals.parse(peer, 0, peer.length(), true);
		return address != null && isTrusted(address);
	}

	private boolean isTrusted(byte[] address) {
		for (IpRange range : this.ranges) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Works out the client's address from the lines of {@link #header()}.
	 * @param peer the address the connection came from
	 * @param lines every line of the header the proxies write, in order
	 * @return the client address: canonical ({@link InetAddress#getHostAddress()}) when the peer
	 * is trusted, the peer as given otherwise
	 */
	public String clientAddress(String peer, List<String> lines) {
		return client(peer, (name) -> name.equalsIgnoreCase(this.header.fieldName()) ? lines : List.of()).address();
	}

	/**
	 * Works out who the client is and what it asked for: its address, and the scheme and host
	 * the proxy forwarded. Reads only the header family of {@link #header()}, and only when the
	 * peer is trusted.
	 * @param peer the address the connection came from
	 * @param headers every line of a request header, in order, by name
	 * @return the client
	 */
	public Client client(String peer, Function<String, List<String>> headers) {
		byte[] peerAddress = IpLiterals.parse(peer, 0, peer.length(), true);
		if (peerAddress == null) {
			return new Client(peer, null, null, null);
		}
		if (this.ranges.isEmpty() || !isTrusted(peerAddress)) {
			return new Client(peer, IpRange.byAddress(peerAddress), null, null);
		}
		if (this.header == ForwardedHeader.FORWARDED) {
			return fromForwarded(peerAddress, headers.apply("Forwarded"));
		}
		byte[] client = fromXForwardedFor(peerAddress, headers.apply("X-Forwarded-For"));
		String host = this.forwardedHost ? lastValue(headers.apply("X-Forwarded-Host")) : null;
		return client(client, lastValue(headers.apply("X-Forwarded-Proto")), host);
	}

	private byte[] fromXForwardedFor(byte[] peer, List<String> lines) {
		byte[] last = peer;
		for (int l = lines.size() - 1; l >= 0; l--) {
			String line = lines.get(l);
			int end = line.length();
			while (true) {
				int comma = line.lastIndexOf(',', end - 1);
				byte[] hop = ForwardedValues.hop(line, comma + 1, end, false);
				if (hop == null) {
					return last;
				}
				if (!isTrusted(hop)) {
					return hop;
				}
				last = hop;
				if (comma < 0) {
					break;
				}
				end = comma;
			}
		}
		return last;
	}

	private Client fromForwarded(byte[] peer, List<String> lines) {
		if (lines.isEmpty()) {
			return client(peer, null, null);
		}
		List<Element> elements = ForwardedValues.elements(lines);
		int client = -1;
		byte[] address = peer;
		for (int i = elements.size() - 1; i >= 0; i--) {
			Element element = elements.get(i);
			String forValue = element.forValue();
			byte[] hop = (forValue != null) ? ForwardedValues.hop(forValue, 0, forValue.length(), true) : null;
			if (hop == null) {
				break;
			}
			client = i;
			address = hop;
			if (!isTrusted(hop)) {
				break;
			}
		}
		if (client < 0) {
			return client(peer, null, null);
		}
		Element element = elements.get(client);
		return client(address, element.proto(), this.forwardedHost ? element.host() : null);
	}

	private static Client client(byte[] address, @Nullable String proto, @Nullable String host) {
		InetAddress inet = IpRange.byAddress(address);
		return new Client(inet.getHostAddress(), inet, proto, host);
	}

	/** The right-most value of a comma-separated header, over all its lines; {@code null} if empty. */
	private static @Nullable String lastValue(List<String> lines) {
		if (lines.isEmpty()) {
			return null;
		}
		String line = lines.get(lines.size() - 1);
		String value = line.substring(line.lastIndexOf(',') + 1).strip();
		return value.isEmpty() ? null : value;
	}

	/**
	 * Who the client is, per the trusted proxies.
	 * @param address the client address: canonical ({@link InetAddress#getHostAddress()}) when the
	 * peer is trusted, the peer as given otherwise
	 * @param inet the client address, or {@code null} when the peer is not an IP literal
	 * @param proto the scheme a trusted proxy forwarded, or {@code null}
	 * @param host the host a trusted proxy forwarded, or {@code null} (always when the proxies
	 * are not said to write it)
	 */
	public record Client(String address, @Nullable InetAddress inet, @Nullable String proto, @Nullable String host) {

		/**
		 * Tells whether a trusted proxy says the client used HTTPS.
		 * @return {@code true} for {@code https}, in any case
		 */
		public boolean forwardedHttps() {
			return "https".equalsIgnoreCase(this.proto);
		}

	}

}
