package dev.hardening.autoconfigure;

import org.springframework.core.Ordered;

/**
 * The order of hardening's servlet filters, first to last. All of them run before Spring
 * Security's filter chain ({@code -100}) and after Spring's observation filter
 * ({@code HIGHEST_PRECEDENCE + 1}), so the gaps leave room for an application's own filters.
 */
public final class FilterOrder {

	/**
	 * Keeps the trace ID of the request's span (when the application has tracing), before the
	 * request ID filter, which leaves its header out when the response is to echo the trace ID.
	 */
	public static final int TRACE_ID = Ordered.HIGHEST_PRECEDENCE + 9;

	/** Accepts or assigns the request ID and puts it in the logging MDC, so every later log line carries it. */
	public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE + 10;

	/**
	 * Writes one access-log event per request, after the request ID is known, around everything
	 * else, so it sees the final status, the duration and the problem code.
	 */
	public static final int ACCESS_LOG = Ordered.HIGHEST_PRECEDENCE + 12;

	/**
	 * Adds the security headers to every response that does not set them, problems included.
	 */
	public static final int SECURITY_HEADERS = Ordered.HIGHEST_PRECEDENCE + 13;

	/**
	 * Counts the statements each request runs, to warn about N+1s.
	 */
	public static final int QUERY_COUNTING = Ordered.HIGHEST_PRECEDENCE + 14;

	/**
	 * Sets Cache-Control rules and {@code no-store} on errors. Early, so that its view of the status
	 * covers the problems written by every later filter (rate limiting's 429s included).
	 */
	public static final int CACHE_CONTROL = Ordered.HIGHEST_PRECEDENCE + 15;

	/**
	 * Starts the request's deadline, so that every later filter, the handler and its calls spend the
	 * same budget. After the filters that only wrap the request (request ID, access log, security
	 * headers, statement counting, Cache-Control); before the unhandled-exception net and every filter
	 * that refuses or does work on a request. A malformed request timeout is refused later, at
	 * {@link #DEADLINE_REFUSAL}.
	 */
	public static final int DEADLINE = Ordered.HIGHEST_PRECEDENCE + 16;

	/**
	 * Turns exceptions that escape the later filters and the {@code DispatcherServlet} into problem
	 * responses, logging each once with the request ID.
	 */
	public static final int UNHANDLED_EXCEPTIONS = Ordered.HIGHEST_PRECEDENCE + 30;

	/**
	 * Refuses requests for hosts that are not allowed, before anything spends work on them.
	 */
	public static final int TRUSTED_HOSTS = Ordered.HIGHEST_PRECEDENCE + 40;

	/**
	 * Answers CORS preflights and refuses cross-origin requests CORS does not allow.
	 */
	public static final int CORS = Ordered.HIGHEST_PRECEDENCE + 45;

	/**
	 * Refuses a request whose request timeout header is malformed where its path gives it a
	 * deadline ({@code 400 INVALID_REQUEST_TIMEOUT}): after CORS, so that an allowed origin can read
	 * the problem; the deadline itself starts at {@link #DEADLINE}.
	 */
	public static final int DEADLINE_REFUSAL = Ordered.HIGHEST_PRECEDENCE + 46;

	/**
	 * Refuses queries with too many parameters and bodies over their limit, and counts the rest
	 * as they are read.
	 */
	public static final int REQUEST_LIMITS = Ordered.HIGHEST_PRECEDENCE + 50;

	/**
	 * Applies the rate-limit policies that need no authenticated user, before Spring Security so
	 * a flood is turned away before it costs authentication.
	 */
	public static final int RATE_LIMIT = Ordered.HIGHEST_PRECEDENCE + 70;

	/**
	 * Makes the body of a request that carries an {@code Idempotency-Key} readable twice and records
	 * its response, for the idempotency interceptor; after rate limiting, so a flood of retries is
	 * turned away before its bodies are read.
	 */
	public static final int IDEMPOTENCY = Ordered.HIGHEST_PRECEDENCE + 75;

	/**
	 * Hashes GET and HEAD bodies for shallow ETags and answers 304; requires If-Match where
	 * configured. Last, so it sees the body exactly as the application wrote it.
	 */
	public static final int ETAG = Ordered.HIGHEST_PRECEDENCE + 80;

	private FilterOrder() {
	}

}
