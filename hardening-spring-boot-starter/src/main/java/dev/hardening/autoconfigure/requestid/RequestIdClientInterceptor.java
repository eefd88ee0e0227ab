package dev.hardening.autoconfigure.requestid;

import java.io.IOException;

import org.slf4j.MDC;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the current request's ID on outbound calls, so the services called log under the same ID.
 * The ID is read from the logging MDC, so it follows the request on its own thread; a request
 * that already carries the header keeps its value.
 */
public final class RequestIdClientInterceptor implements ClientHttpRequestInterceptor {

	private final String header;

	/**
	 * Creates an interceptor.
	 * @param header the header to send the ID in
	 */
	public RequestIdClientInterceptor(String header) {
		this.header = header;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String id = MDC.get(RequestIdFilter.MDC_KEY);
		if (id != null && !request.getHeaders().containsHeader(this.header)) {
			request.getHeaders().set(this.header, id);
		}
		return execution.execute(request, body);
	}

}
