package dev.hardening.autoconfigure.deadline;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import dev.hardening.deadline.RequestTimeout;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the time the request has left to the configured internal hosts, in the request timeout
 * header, so that they stop when this service's caller has given up too: at least 1 ms and at most
 * {@link RequestTimeout#MAX_MILLIS}, so the next service's parser accepts it. A call from a request
 * already out of time is not made.
 */
final class DeadlineClientInterceptor implements ClientHttpRequestInterceptor {

	private final String header;

	private final List<String> hosts;

	DeadlineClientInterceptor(String header, List<String> hosts) {
		this.header = header;
		this.hosts = hosts.stream().map((host) -> host.trim().toLowerCase(Locale.ROOT)).toList();
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.current();
		if (deadline != null) {
			deadline.check();
			String host = request.getURI().getHost();
			if (host != null && propagatesTo(host.toLowerCase(Locale.ROOT))) {
				// 1 to 12 digits, as the next service's parser reads it: a longer budget is sent as the longest
				long millis = Math.min(RequestTimeout.MAX_MILLIS, Math.max(1, deadline.remainingNanos() / 1_000_000L));
				request.getHeaders().set(this.header, Long.toString(millis));
			}
		}
		return execution.execute(request, body);
	}

	private boolean propagatesTo(String host) {
		for (String configured : this.hosts) {
			if (configured.startsWith("*.") ? host.endsWith(configured.substring(1)) : host.equals(configured)) {
				return true;
			}
		}
		return false;
	}

}
