package dev.hardening.autoconfigure.web;

import java.util.Collections;
import java.util.List;

import dev.hardening.web.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address, for every capability that needs it (rate limiting, the access log): the
 * peer address, or, when the peer is a trusted proxy, the right-most forwarded address that is
 * not one. Worked out once per request.
 */
public final class ClientAddressResolver {

	private static final String ATTRIBUTE = ClientAddressResolver.class.getName() + ".address";

	private final TrustedProxies trustedProxies;

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
		String address = this.trustedProxies.isEmpty() ? peer
				: this.trustedProxies.clientAddress(peer, headers(request, "X-Forwarded-For"),
						headers(request, "Forwarded"));
		request.setAttribute(ATTRIBUTE, address);
		return address;
	}

	private static List<String> headers(HttpServletRequest request, String name) {
		return Collections.list(request.getHeaders(name));
	}

}
