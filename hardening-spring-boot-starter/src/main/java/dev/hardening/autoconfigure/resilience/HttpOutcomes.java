package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;

import dev.hardening.resilience.Outcome;
import dev.hardening.resilience.OutcomeClassifier;
import dev.hardening.resilience.ResilienceConfig;
import dev.hardening.resilience.RetryAfter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;

/**
 * What an HTTP attempt came to: a retry status (429, 502, 503, 504 by default) is a retryable
 * failure with the server's {@code Retry-After}; any other 5xx a failure; the rest a success. A
 * request that is not safe to repeat is retried only when it cannot have reached the server (no
 * connection was made: refused, timed out, no route, unknown host).
 */
final class HttpOutcomes implements OutcomeClassifier<ClientHttpResponse> {

	private final ResilienceConfig config;

	private final boolean repeatable;

	private final Clock clock;

	HttpOutcomes(ResilienceConfig config, boolean repeatable, Clock clock) {
		this.config = config;
		this.repeatable = repeatable;
		this.clock = clock;
	}

	@Override
	public Outcome ofResult(ClientHttpResponse response) {
		int status;
		try {
			status = response.getStatusCode().value();
		}
		catch (IOException ex) {
			return this.repeatable ? Outcome.RETRYABLE : Outcome.FAILURE;
		}
		return ofStatus(status, response.getHeaders());
	}

	/**
	 * What a response's status comes to, whichever client received it.
	 * @param status the status code
	 * @param headers the response's headers, for its {@code Retry-After}
	 * @return the outcome
	 */
	Outcome ofStatus(int status, HttpHeaders headers) {
		if (this.config.retryStatuses().contains(status)) {
			return this.repeatable
					? Outcome.retryableAfter(RetryAfter.parse(headers.getFirst(HttpHeaders.RETRY_AFTER), this.clock.instant()))
					: Outcome.FAILURE;
		}
		return (status >= 500) ? Outcome.FAILURE : Outcome.SUCCESS;
	}

	@Override
	public Outcome ofFailure(Throwable failure) {
		if (neverSent(failure)) {
			return Outcome.RETRYABLE;
		}
		return (this.repeatable && this.config.isRetryable(failure)) ? Outcome.RETRYABLE : Outcome.FAILURE;
	}

	@Override
	public void discard(ClientHttpResponse response) {
		response.close();
	}

	/**
	 * A failure to connect at all: the request cannot have reached the server.
	 * @param failure the failure
	 * @return whether no connection was made
	 */
	static boolean neverSent(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
					|| cause instanceof NoRouteToHostException || cause instanceof UnknownHostException
					// HttpURLConnection's (SimpleClientHttpRequestFactory): only its message tells it from a read
					|| (cause instanceof SocketTimeoutException && cause.getMessage() != null
							&& cause.getMessage().startsWith("Connect timed out"))
					// Apache HttpClient's, which is not on our classpath
					|| cause.getClass().getSimpleName().equals("ConnectTimeoutException")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
