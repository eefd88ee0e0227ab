package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;

import dev.hardening.resilience.ResiliencePolicy;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Runs each outbound request under the policy of its target host. Idempotent methods are retried;
 * {@code POST} and {@code PATCH} only when they carry an {@code Idempotency-Key}, or when the
 * connection was never made. The last response is returned as it came, so the client's own
 * status handling still applies.
 */
final class ResilienceClientInterceptor implements ClientHttpRequestInterceptor {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private final ResiliencePolicies policies;

	private final Clock clock;

	ResilienceClientInterceptor(ResiliencePolicies policies, Clock clock) {
		this.policies = policies;
		this.clock = clock;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		ResiliencePolicy policy = this.policies.forHost(request.getURI().getHost());
		boolean repeatable = IDEMPOTENT.contains(request.getMethod())
				|| request.getHeaders().containsHeader(IDEMPOTENCY_KEY);
		try {
			return policy.call(() -> execution.execute(request, body),
					new HttpOutcomes(policy.config(), repeatable, this.clock));
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

}
