package dev.hardening.autoconfigure.error;

import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Map;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads a failed outbound call that nobody handled as the problem the client should get: a
 * timeout waiting for an answer is a {@code 504} {@code UPSTREAM_TIMEOUT}; an unreachable service
 * (a connect timeout included), or one that answered
 * 5xx or 429 after any retries, a {@code 502} {@code UPSTREAM_UNAVAILABLE}. The upstream's address
 * and answer go to the log, never to the client.
 */
final class UpstreamFailures {

	private UpstreamFailures() {
	}

	/**
	 * Translates a failure of Spring's HTTP clients.
	 * @param failure the failure
	 * @return the problem to answer with, or {@code null} if the failure is not an upstream one
	 */
	static @Nullable ApiException translate(Throwable failure) {
		if (failure instanceof ResourceAccessException) {
			return timedOut(failure)
					? new ApiException(ErrorCode.UPSTREAM_TIMEOUT,
							"A service this request depends on did not answer in time.", Map.of(), failure)
					: unavailable(failure);
		}
		if (failure instanceof RestClientResponseException response
				&& (response.getStatusCode().is5xxServerError() || response.getStatusCode().value() == 429)) {
			return unavailable(failure);
		}
		return null;
	}

	private static ApiException unavailable(Throwable failure) {
		return new ApiException(ErrorCode.UPSTREAM_UNAVAILABLE, "A service this request depends on failed.", Map.of(),
				failure);
	}

	private static boolean timedOut(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException || (cause instanceof SocketTimeoutException
					&& cause.getMessage() != null && cause.getMessage().startsWith("Connect timed out"))) {
				// no connection was made: the upstream is unreachable, not slow
				return false;
			}
			if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
