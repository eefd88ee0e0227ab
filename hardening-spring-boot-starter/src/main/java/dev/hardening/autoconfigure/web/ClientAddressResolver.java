package dev.hardening.autoconfigure.web;

import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import dev.hardening.web.ForwardedHeader;
import dev.hardening.web.IpRange;
import dev.hardening.web.LogValues;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who the client is and how it reached us, for every capability that needs it (rate limiting, the
 * host check, HSTS, the access log): the peer address, or, when the peer is a trusted proxy, the
 * address, scheme and host it forwarded in the one header family it is configured to write.
 * Forwarding headers from any other peer are ignored, and counted. Worked out once per request
 * and kept in a request attribute; but a request without {@code X-Forwarded-For} and
 * {@code Forwarded} from a peer that is not a trusted proxy (the only kind when none is
 * configured) has nothing to work out: its client is its peer, and it is answered from the
 * request itself, without an {@link InetAddress} unless one is asked for and without an attribute.
 */
public final class ClientAddressResolver {

	private static final Logger logger = LoggerFactory.getLogger(ClientAddressResolver.class);

	private static final String ATTRIBUTE = ClientAddressResolver.class.getName() + ".client";

	private static final Function<String, List<String>> NO_HEADERS = (name) -> List.of();

	private static final String X_FORWARDED_FOR = ForwardedHeader.X_FORWARDED_FOR.fieldName();

	private static final String FORWARDED = ForwardedHeader.FORWARDED.fieldName();

	private final TrustedProxies trustedProxies;

	private final String otherHeader;

	private final LongAdder ignoredForwardedHeaders = new LongAdder();

	private final LongAdder ignoredFromPrivatePeers = new LongAdder();

	private final LongAdder otherHeaderFromProxies = new LongAdder();

	private final AtomicBoolean warnedAboutProxies = new AtomicBoolean();

	private final AtomicBoolean warnedAboutHeader = new AtomicBoolean();

	/**
	 * Creates a resolver.
	 * @param trustedProxies the proxies whose forwarding headers are believed, and which header
	 * they write
	 */
	public ClientAddressResolver(TrustedProxies trustedProxies) {
		this.trustedProxies = trustedProxies;
		this.otherHeader = (trustedProxies.header() == ForwardedHeader.FORWARDED)
				? ForwardedHeader.X_FORWARDED_FOR.fieldName() : ForwardedHeader.FORWARDED.fieldName();
	}

	/**
	 * Returns the client address of a request.
	 * @param request the request
	 * @return the address, never {@code null}
	 */
	public String resolve(HttpServletRequest request) {
		String peer = direct(request);
		return (peer != null) ? peer : client(request).address();
	}

	/**
	 * Returns the client address of a request as an address, for keys by network.
	 * @param request the request
	 * @return the address, or {@code null} when the container's peer address is not an IP literal
	 */
	public @Nullable InetAddress resolveAddress(HttpServletRequest request) {
		String peer = direct(request);
		return (peer != null) ? IpRange.parseAddress(peer).orElse(null) : client(request).inet();
	}

	/**
	 * Tells whether the request reached us over HTTPS: directly, or per a trusted proxy's
	 * {@code X-Forwarded-Proto} (its right-most value) or {@code Forwarded: proto=} (of the
	 * element the client address came from), whichever header family the proxies write.
	 * @param request the request
	 * @return {@code true} for HTTPS
	 */
	public boolean isSecure(HttpServletRequest request) {
		return request.isSecure() || (direct(request) == null && client(request).forwardedHttps());
	}

	/**
	 * Returns the host the client asked for: the {@code Host} header, or, when the trusted
	 * proxies are configured to write it ({@code hardening.web.forwarded-host}), their
	 * {@code X-Forwarded-Host} (its right-most value) or {@code Forwarded: host=} (of the element
	 * the client address came from).
	 * @param request the request
	 * @return the field value, or {@code null} when there is none
	 */
	public @Nullable String host(HttpServletRequest request) {
		String forwarded = (direct(request) != null) ? null : client(request).host();
		return (forwarded != null) ? forwarded : request.getHeader("Host");
	}

	/**
	 * The peer's address, when the request has nothing to work out or count: neither
	 * {@code X-Forwarded-For} nor {@code Forwarded}, and a peer that is not a trusted proxy, so
	 * no forwarded scheme or host either. Its client is then the peer, as given.
	 * @return the peer's address, or {@code null} when the client must be worked out
	 */
	private @Nullable String direct(HttpServletRequest request) {
		if (request.getHeader(X_FORWARDED_FOR) != null || request.getHeader(FORWARDED) != null) {
			return null;
		}
		String peer = request.getRemoteAddr();
		if (peer == null || (!this.trustedProxies.isEmpty() && this.trustedProxies.isTrusted(peer))) {
			return null;
		}
		return peer;
	}

	private TrustedProxies.Client client(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof TrustedProxies.Client client) {
			return client;
		}
		String peer = request.getRemoteAddr();
		TrustedProxies.Client client;
		if (this.trustedProxies.isTrusted(peer)) {
			client = this.trustedProxies.client(peer, (name) -> Collections.list(request.getHeaders(name)));
			if (request.getHeader(this.trustedProxies.header().fieldName()) == null
					&& request.getHeader(this.otherHeader) != null) {
				otherHeaderOnly(peer);
			}
		}
		else {
			if (request.getHeader(X_FORWARDED_FOR) != null || request.getHeader(FORWARDED) != null) {
				ignored(peer);
			}
			client = this.trustedProxies.client(peer, NO_HEADERS);
		}
		request.setAttribute(ATTRIBUTE, client);
		return client;
	}

	private void ignored(String peer) {
		this.ignoredForwardedHeaders.increment();
		if (isPrivate(peer)) {
			this.ignoredFromPrivatePeers.increment();
			if (this.trustedProxies.isEmpty() && !this.warnedAboutProxies.getAndSet(true)) {
				logger.warn("HR-PROXIES-EMPTY (MEDIUM): a request from the private address {} carries "
						+ "X-Forwarded-For or Forwarded while hardening.web.trusted-proxies is empty, so every "
						+ "client behind that proxy looks like the proxy. Fix: list the proxy's addresses in "
						+ "hardening.web.trusted-proxies", LogValues.safe(peer, 64));
			}
		}
	}

	/** A trusted proxy that sent only the header it is not configured to write: likely the wrong one. */
	private void otherHeaderOnly(String peer) {
		this.otherHeaderFromProxies.increment();
		if (!this.warnedAboutHeader.getAndSet(true)) {
			logger.warn("HR-PROXIES-HEADER (MEDIUM): a request from the trusted proxy {} carries {} but no {}, "
					+ "the header hardening.web.forwarded-header names, so every client behind it looks like the "
					+ "proxy. Fix: set hardening.web.forwarded-header to the header the proxy writes",
					LogValues.safe(peer, 64), this.otherHeader, this.trustedProxies.header().fieldName());
		}
	}

	/**
	 * Returns how many requests carried forwarding headers from a peer that is not a trusted
	 * proxy: spoofing attempts, or a proxy missing from trusted-proxies.
	 * @return the count since startup
	 */
	public long ignoredForwardedHeaders() {
		return this.ignoredForwardedHeaders.sum();
	}

	/**
	 * Returns how many of the {@linkplain #ignoredForwardedHeaders() ignored} forwarding headers
	 * came from a private or loopback address: the mark of a proxy in front of this service
	 * that trusted-proxies does not list, so every client looks like the proxy.
	 * @return the count since startup
	 */
	public long ignoredFromPrivatePeers() {
		return this.ignoredFromPrivatePeers.sum();
	}

	/**
	 * Returns how many requests from a trusted proxy carried only the forwarding header it is not
	 * configured to write ({@code Forwarded} instead of {@code X-Forwarded-For}, or the other way
	 * round): the mark of a wrong {@code hardening.web.forwarded-header}.
	 * @return the count since startup
	 */
	public long otherHeaderFromProxies() {
		return this.otherHeaderFromProxies.sum();
	}

	/**
	 * Returns the header the trusted proxies write the client address in.
	 * @return the header
	 */
	public ForwardedHeader forwardedHeader() {
		return this.trustedProxies.header();
	}

	private static boolean isPrivate(String peer) {
		return IpRange.parseAddress(peer)
			.map((address) -> address.isSiteLocalAddress() || address.isLoopbackAddress()
					|| address.isLinkLocalAddress() || (address.getAddress().length == 16
							&& (address.getAddress()[0] & 0xfe) == 0xfc))
			.orElse(false);
	}

}
