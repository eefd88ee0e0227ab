package dev.hardening.autoconfigure.requestid;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.MDC;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the current request's ID on outbound calls, so the services called log under the same ID.
 * The ID is read from the logging MDC, so it follows the request on its own thread; a request
 * that already carries the header keeps its value. With a list of hosts, only calls to those
 * hosts carry it: a third party learns nothing of how this service names its requests.
 */
public final class RequestIdClientInterceptor implements ClientHttpRequestInterceptor {

	private final String header;

	private final Set<String> hosts = new HashSet<>();

	/** Domain suffixes, each with its leading dot, from "*." entries. */
	private final List<String> domains = new ArrayList<>();

	/**
	 * Creates an interceptor that sends the ID to every host.
	 * @param header the header to send the ID in
	 */
	public RequestIdClientInterceptor(String header) {
		this(header, List.of());
	}

	/**
	 * Creates an interceptor.
	 * @param header the header to send the ID in
	 * @param hosts the hosts to send it to ("api.example.com", or "*.example.com" for every
	 * subdomain), case-insensitive; empty for every host
	 */
	public RequestIdClientInterceptor(String header, List<String> hosts) {
		this.header = header;
		for (String host : hosts) {
			String key = host.toLowerCase(Locale.ROOT);
			if (key.startsWith("*.")) {
				this.domains.add(key.substring(1));
			}
			else {
				this.hosts.add(key);
			}
		}
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String id = MDC.get(RequestIdFilter.MDC_KEY);
		if (id != null && !request.getHeaders().containsHeader(this.header) && allowed(request.getURI().getHost())) {
			request.getHeaders().set(this.header, id);
		}
		return execution.execute(request, body);
	}

	/** The header the ID goes out in. */
	String header() {
		return this.header;
	}

	/**
	 * Whether calls to a host carry the ID.
	 * @param host the host, {@code null} if the URI has none
	 * @return whether to send the ID
	 */
	boolean allowed(@org.jspecify.annotations.Nullable String host) {
		if (this.hosts.isEmpty() && this.domains.isEmpty()) {
			return true;
		}
		if (host == null) {
			return false;
		}
		String key = host.toLowerCase(Locale.ROOT);
		if (key.endsWith(".")) {
			// "example.com." is example.com
			key = key.substring(0, key.length() - 1);
		}
		if (this.hosts.contains(key)) {
			return true;
		}
		for (String domain : this.domains) {
			if (key.endsWith(domain)) {
				return true;
			}
		}
		return false;
	}

}
