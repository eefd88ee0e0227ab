package dev.hardening.autoconfigure.error;

import dev.hardening.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.client.RestClientException;

/**
 * The one place server-side failures are logged, so each is logged once, with the request ID the
 * MDC holds at that point, and never with more of the request than its method and path; a
 * failure whose message could break the line is logged escaped ({@link EscapedFailure}).
 */
final class FailureLog {

	private static final Logger logger = LoggerFactory.getLogger("dev.hardening.errors");

	private FailureLog() {
	}

	/** A failure nobody anticipated: a bug or an outage the code did not expect. */
	static void unexpected(HttpServletRequest request, Throwable failure) {
		logger.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(),
				EscapedFailure.of(failure));
	}

	/** An async request that outlived its timeout; common with long polling, so one line, no stack trace. */
	static void timedOut(HttpServletRequest request) {
		logger.warn("Async request {} {} timed out", request.getMethod(), request.getRequestURI());
	}

	/**
	 * A server-side failure the application reported on purpose, such as a 503 it threw: one line
	 * with the code, and the stack trace of its cause if it has one (the problem's own trace only
	 * says where it was thrown, and an open circuit breaker throws on every request).
	 */
	static void reported(HttpServletRequest request, int status, Throwable failure) {
		if (failure instanceof ApiException api) {
			Throwable cause = api.getCause();
			if (cause instanceof RestClientException) {
				// an upstream that failed or did not answer: expected, and logged with its host by the
				// resilience interceptor; its stack trace would only show Spring's HTTP client
				logger.warn("Answered {} {} with {} {} ({})", request.getMethod(), request.getRequestURI(), status,
						api.errorCode().code(), cause.getClass().getSimpleName());
				return;
			}
			if (cause != null) {
				logger.warn("Answered {} {} with {} {}", request.getMethod(), request.getRequestURI(), status,
						api.errorCode().code(), EscapedFailure.of(cause));
			}
			else {
				logger.warn("Answered {} {} with {} {}", request.getMethod(), request.getRequestURI(), status,
						api.errorCode().code());
			}
			return;
		}
		logger.warn("Answered {} {} with {}", request.getMethod(), request.getRequestURI(), status,
				EscapedFailure.of(failure));
	}

}
