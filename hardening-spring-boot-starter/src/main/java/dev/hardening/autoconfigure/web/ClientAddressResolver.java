package dev.hardening.autoconfigure.web;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

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
 * right-most forwarded address that is not one; the scheme and host a trusted proxy forwarded.
 * Forwarding headers from any other peer are ignored, and counted. Worked out once per request.
 */
public final class ClientAddressResolver {

	private static final Logger logger = LoggerFactory.getLogger(ClientAddressResolver.class);

	private static final String ATTRIBUTE = ClientAddressResolver.class.getName() + ".address";

	private final TrustedProxies trustedProxies;

	private final LongAdder ignoredForwardedHeaders = new LongAdder();

	private final LongAdder ignoredFromPrivatePeers = new LongAdder();

	private final AtomicBoolean warnedAboutProxies = new AtomicBoolean();

	/**
	 * Creates a resolver.
	 * @param trustedProxies the proxies whose forwarding headers are believed
	 */
	public ClientAddressResolver(TrustedProxies trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	/**
	 * Returns the client address of a request.
	 * @param request the request
	 * @return the address, never {@code null}
	 */
	public String resolve(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof String address) {
			return address;
		}
		String peer = request.getRemoteAddr();
		String address;
		if (this.trustedProxies.isTrusted(peer)) {
			address = this.trustedProxies.clientAddress(peer, headers(request, "X-Forwarded-For"),
					headers(request, "Forwarded"));
		}
		else {
			if (request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null) {
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
			address = peer;
		}
		request.setAttribute(ATTRIBUTE, address);
		return address;
	}

	/**
	 * Tells whether the request reached us over HTTPS: directly, or per a trusted proxy's
	 * {@code X-Forwarded-Proto} (its right-most value) or {@code Forwarded: proto=}.
	 * @param request the request
	 * @return {@code true} for HTTPS
	 */
	public boolean isSecure(HttpServletRequest request) {
		if (request.isSecure()) {
			return true;
		}
		if (!this.trustedProxies.isTrusted(request.getRemoteAddr())) {
			return false;
		}
		String proto = lastValue(request, "X-Forwarded-Proto");
		if (proto == null) {
			proto = forwardedParameter(request, "proto");
		}
		return "https".equalsIgnoreCase(proto);
	}

	/**
	 * Returns the host the client asked for: the {@code Host} header, or a trusted proxy's
	 * {@code X-Forwarded-Host} (its right-most value) or {@code Forwarded: host=}.
	 * @param request the request
	 * @return the field value, or {@code null} when there is none
	 */
	public @Nullable String host(HttpServletRequest request) {
		if (this.trustedProxies.isTrusted(request.getRemoteAddr())) {
			String forwarded = lastValue(request, "X-Forwarded-Host");
			if (forwarded == null) {
				forwarded = forwardedParameter(request, "host");
			}
			if (forwarded != null) {
				return forwarded;
			}
		}
		return request.getHeader("Host");
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

	private static boolean isPrivate(String peer) {
		return IpRange.parseAddress(peer)
			.map((address) -> address.isSiteLocalAddress() || address.isLoopbackAddress()
					|| address.isLinkLocalAddress() || (address.getAddress().length == 16
							&& (address.getAddress()[0] & 0xfe) == 0xfc))
			.orElse(false);
	}

	private static List<String> headers(HttpServletRequest request, String name) {
		return Collections.list(request.getHeaders(name));
	}

	/** The right-most value of a comma-separated header, over all its lines. */
	private static @Nullable String lastValue(HttpServletRequest request, String name) {
		List<String> lines = headers(request, name);
		for (int i = lines.size() - 1; i >= 0; i--) {
			String[] values = lines.get(i).split(",");
			for (int j = values.length - 1; j >= 0; j--) {
				String value = values[j].strip();
				if (!value.isEmpty()) {
					return value;
				}
			}
		}
		return null;
	}

	/** A parameter of the right-most RFC 7239 element that has it. */
	private static @Nullable String forwardedParameter(HttpServletRequest request, String parameter) {
		List<String> lines = headers(request, "Forwarded");
		for (int i = lines.size() - 1; i >= 0; i--) {
			String[] elements = lines.get(i).split(",");
			for (int j = elements.length - 1; j >= 0; j--) {
				for (String pair : elements[j].split(";")) {
					int equals = pair.indexOf('=');
					if (equals > 0 && pair.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals(parameter)) {
						String value = pair.substring(equals + 1).strip();
						return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
								? value.substring(1, value.length() - 1) : value;
					}
				}
			}
		}
		return null;
	}

}
