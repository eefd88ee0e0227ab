package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.hardening.requestid.RequestIdGenerator;
import dev.hardening.resilience.ResiliencePolicy;
import dev.hardening.web.LogValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Runs each outbound request under the policy of its target host. Idempotent methods are retried;
 * {@code POST} and {@code PATCH} only when they carry an {@code Idempotency-Key}, or when the
 * connection was never made. Under a policy with {@code retry-with-idempotency-key}, a
 * {@code POST} or {@code PATCH} without a key gets one (a UUIDv7, as the draft's quoted string),
 * added once before the first attempt, so every attempt of the call carries the same key. The last response is returned as it came, so the client's own
 * status handling still applies. A retry starts only if its attempt, at its connect and read
 * timeouts, can end within the policy's total timeout.
 */
final class ResilienceClientInterceptor implements ClientHttpRequestInterceptor {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Logger logger = LoggerFactory.getLogger("dev.hardening.resilience");

	static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private final ResiliencePolicies policies;

	private final Clock clock;

	static final Set<HttpMethod> KEYED = Set.of(HttpMethod.POST, HttpMethod.PATCH);

	private final Function<String, Duration> attemptTimeout;

	private final Predicate<String> addsIdempotencyKey;

	private final RequestIdGenerator keys = RequestIdGenerator.uuidV7();

	/**
	 * Creates the interceptor.
	 * @param policies the policies
	 * @param clock reads Retry-After dates
	 * @param attemptTimeout the longest an attempt under a policy (by name) can take
	 * @param addsIdempotencyKey whether a policy (by name) adds a key to POST and PATCH
	 */
	ResilienceClientInterceptor(ResiliencePolicies policies, Clock clock, Function<String, Duration> attemptTimeout,
			Predicate<String> addsIdempotencyKey) {
		this.policies = policies;
		this.clock = clock;
		this.attemptTimeout = attemptTimeout;
		this.addsIdempotencyKey = addsIdempotencyKey;
	}

	/**
	 * One line per failed call, with what an operator needs to find the upstream: method, host,
	 * policy and what it answered. No stack trace: an upstream failing is expected, and the
	 * request's own problem is logged once more by the error handling.
	 */
	static void logFailure(HttpMethod method, URI uri, ResiliencePolicy policy, String outcome) {
		if (logger.isWarnEnabled()) {
			logger.warn("Outbound {} {} under policy '{}' failed: {}", method,
					LogValues.safe(String.valueOf(uri.getHost()), 255), policy.name(), outcome);
		}
	}

	/**
	 * Whether a request may be sent again: an idempotent method, or one with an idempotency key.
	 */
	static boolean repeatable(HttpMethod method, HttpHeaders headers) {
		return IDEMPOTENT.contains(method) || headers.containsHeader(IDEMPOTENCY_KEY);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		ResiliencePolicy policy = this.policies.forHost(request.getURI().getHost());
		if (KEYED.contains(request.getMethod()) && !request.getHeaders().containsHeader(IDEMPOTENCY_KEY)
				&& this.addsIdempotencyKey.test(policy.name())) {
			request.getHeaders().set(IDEMPOTENCY_KEY, '"' + this.keys.generate() + '"');
		}
		boolean repeatable = repeatable(request.getMethod(), request.getHeaders());
		try {
			ClientHttpResponse response = policy.call(() -> execution.execute(request, body),
					new HttpOutcomes(policy.config(), repeatable, this.clock), this.attemptTimeout.apply(policy.name()));
			int status = response.getStatusCode().value();
			if (status >= 500 || status == 429) {
				logFailure(request.getMethod(), request.getURI(), policy, Integer.toString(status));
			}
			return response;
		}
		catch (IOException | RuntimeException ex) {
			logFailure(request.getMethod(), request.getURI(), policy, ex.getClass().getSimpleName());
			throw ex;
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

}
