package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.hardening.autoconfigure.AsyncCompletion;
import dev.hardening.autoconfigure.EncodedHeaderName;
import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.web.LogValues;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes one event per request to the logger {@code hardening.access}, through SLF4J, so Spring
 * Boot's structured logging (ECS, Logstash, GELF) formats it like any other line: method, path and
 * matched route, query with secrets redacted, status, duration, response bytes, client address,
 * allowlisted headers, the problem code and the rate-limit outcome, as key-value pairs; the request
 * ID comes with the logging MDC, as on every line. The message is a line of its own for plain-text
 * logs, whatever their pattern: {@code GET /projects/1 200 39 ms id=<request ID> client=<address>}.
 * Every value from the client is escaped and truncated. Slow requests log at {@code WARN}; fast
 * successful ones can be sampled; excluded paths are not logged. Also counts the requests the edge
 * turned away. Bodies are logged only when {@link AccessLogBodies} are given: the request's as the
 * application read it, the response's as it was written, each bounded and redacted; without them
 * no stream is wrapped.
 *
 * <p>What can be decided once is decided at startup: the header keys, the literal prefixes of the
 * excluded paths, and, per parameter name, whether a query parameter is a secret's
 * ({@link QueryRedactor}). A request then costs the event and little else: no path is parsed
 * unless it may be excluded, a query without secrets is not copied, the message is built once
 * rather than formatted from a pattern, and the fields stay in the event's own fields
 * ({@link AccessLogEvent}) rather than a pair object each.
 */
final class AccessLogFilter extends HardeningFilter {

	static final String LOGGER = "hardening.access";

	private static final String REQUEST_BODY = AccessLogFilter.class.getName() + ".requestBody";

	/**
	 * Marks an asynchronous request to be logged when it completes, until an async dispatch through
	 * this filter takes the line over: the counting wrapper of the dispatch that started it.
	 */
	private static final String LOGS_ON_COMPLETE = AccessLogFilter.class.getName() + ".logsOnComplete";

	/**
	 * Marks a request whose chain ended in {@code sendError}, to be logged once the container has
	 * written its error page, by the error dispatch through this filter.
	 */
	private static final String LOGS_AFTER_ERROR_PAGE = AccessLogFilter.class.getName() + ".logsAfterErrorPage";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	/** The header a rate limit that applied sets, looked for without making text of it. */
	private static final EncodedHeaderName RATE_LIMIT = EncodedHeaderName.of("RateLimit");

	private static final Set<String> NEVER_LOGGED = Set.of("authorization", "cookie", "set-cookie",
			"proxy-authorization", "x-api-key");

	private final ClientAddressResolver clients;

	private final PathPatterns excluded;

	private final long slowNanos;

	private final double sampleRate;

	/** The allowlisted request headers, and the key each is logged under, worked out once. */
	private final String[] headers;

	private final String[] headerKeys;

	private final QueryRedactor query;

	private final int maxLength;

	private final WebRejections rejections;

	private final @Nullable AccessLogBodies bodies;

	/** Whether every error status has an error page, whose dispatch through this filter logs the request. */
	private final boolean errorPages;

	/**
	 * Creates the filter.
	 * @param properties the access log's properties
	 * @param excluded its {@code exclude-paths}, parsed
	 * @param clients the client address resolver
	 * @param rejections the counts of requests turned away
	 * @param bodies the body policy, or {@code null} not to log bodies
	 */

	AccessLogFilter(HardeningWebProperties.AccessLog properties, PathPatterns excluded, ClientAddressResolver clients,
			WebRejections rejections, @Nullable AccessLogBodies bodies) {
		this(properties, excluded, clients, rejections, bodies, false);
	}

	/**
	 * Creates the filter.
	 * @param properties the access log's properties
	 * @param excluded its {@code exclude-paths}, parsed
	 * @param clients the client address resolver
	 * @param rejections the counts of requests turned away
	 * @param bodies the body policy, or {@code null} not to log bodies
	 * @param errorPages whether the container has an error page for every error status, so that a
	 * request answered through {@code sendError} is logged once its page is written
	 */
	AccessLogFilter(HardeningWebProperties.AccessLog properties, PathPatterns excluded, ClientAddressResolver clients,
			WebRejections rejections, @Nullable AccessLogBodies bodies, boolean errorPages) {
		this.errorPages = errorPages;
		this.clients = clients;
		this.excluded = excluded;
		this.slowNanos = properties.getSlowThreshold().toNanos();
		this.sampleRate = properties.getSampleRate();
		List<String> headers = properties.getHeaders()
			.stream()
			.filter((name) -> !NEVER_LOGGED.contains(name.toLowerCase(Locale.ROOT)))
			.toList();
		this.headers = headers.toArray(String[]::new);
		this.headerKeys = headers.stream()
			.map((name) -> "http.request.header." + name.toLowerCase(Locale.ROOT))
			.toArray(String[]::new);
		this.query = new QueryRedactor(SecretNames.of(properties.getRedactedParameters()));
		this.maxLength = properties.getMaxValueLength();
		this.rejections = rejections;
		this.bodies = bodies;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ERROR) {
			logAfterErrorPage(request, response, chain);
			return;
		}
		if (this.excluded.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.nanoTime();
		CountingResponse earlier = null;
		if (isAsyncDispatch(request)) {
			// this dispatch logs the request as it ends, or hands the line to a listener again;
			// what the earlier dispatch's wrapper counted (a body streamed through it from another
			// thread) counts for the line too
			earlier = (CountingResponse) request.getAttribute(LOGS_ON_COMPLETE);
			request.removeAttribute(LOGS_ON_COMPLETE);
		}
		AccessLogBodies bodies = (this.bodies != null && this.bodies.appliesTo(request)) ? this.bodies : null;
		AccessLogBodies.Capture requestBody = null;
		AccessLogBodies responseBodies = null;
		HttpServletRequest logged = request;
		if (bodies != null) {
			if (isAsyncDispatch(request)) {
				// The body was read in the first dispatch. The response of an asynchronous
				// request may stream for as long as it likes: its body is never logged.
				requestBody = (AccessLogBodies.Capture) request.getAttribute(REQUEST_BODY);
			}
			else {
				if (request.getContentLengthLong() != 0 && bodies.logs(request.getContentType())) {
					requestBody = bodies.capture(request.getContentLengthLong());
					request.setAttribute(REQUEST_BODY, requestBody);
					logged = AccessLogBodies.wrap(request, requestBody);
				}
				responseBodies = bodies;
			}
		}
		CountingResponse counting = new CountingResponse(response, responseBodies);
		counting.follows(earlier);
		try {
			chain.doFilter(logged, counting);
		}
		finally {
			if (this.errorPages && counting.errorSent() && counting.getStatus() >= 400 && !request.isAsyncStarted()) {
				// the answer is the error page the container writes next, through an error dispatch:
				// its status, problem code and bytes are the line's (sendError succeeds only on a
				// response not yet committed, and the container pages only statuses of 400 and up)
				request.setAttribute(LOGS_AFTER_ERROR_PAGE, new Pending(request, counting, start, bodies, requestBody,
						request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)));
			}
			else if (!request.isAsyncStarted()) {
				log(request, counting, System.nanoTime() - start, bodies, requestBody, true,
						request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
			}
			else {
				// logged by the async dispatch that ends it, or, for a request the application
				// completes itself or that times out into an error page, when it completes
				request.setAttribute(LOGS_ON_COMPLETE, counting);
				// the route as matched now: an error dispatch (a timeout, a sendError) replaces it
				// with the error controller's before the request completes
				AccessLogBodies.Capture captured = requestBody;
				Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
				AsyncCompletion.whenComplete(request,
						() -> logOnComplete(request, counting, start, bodies, captured, route));
			}
		}
	}

	private void log(HttpServletRequest request, CountingResponse response, long nanos, @Nullable AccessLogBodies bodies,
			AccessLogBodies.@Nullable Capture requestBody, boolean responseBody, @Nullable Object route) {
		int status = response.getStatus();
		String code = ProblemFactory.problemCode(request);
		this.rejections.record(code);
		boolean slow = nanos >= this.slowNanos;
		// a request that failed after its answer began (a stream cut) is an error, whatever its status
		if (!slow && status < 400 && code == null && this.sampleRate < 1.0
				&& ThreadLocalRandom.current().nextDouble() >= this.sampleRate) {
			return;
		}
		Level level = slow ? Level.WARN : Level.INFO;
		if (!logger.isEnabledForLevel(level)) {
			return;
		}
		String method = safe(request.getMethod());
		String path = safe(request.getRequestURI());
		long millis = nanos / 1_000_000;
		String client = safe(this.clients.resolve(request));
		AccessLogEvent event = new AccessLogEvent(LOGGER, level, this.headerKeys, method, path, status, millis,
				response.bytesOfRequest(), client);
		if (route instanceof String pattern) {
			event.route(safe(pattern));
		}
		String query = request.getQueryString();
		if (query != null) {
			event.query(safe(this.query.redact(query)));
		}
		for (int i = 0; i < this.headers.length; i++) {
			String value = request.getHeader(this.headers[i]);
			if (value != null) {
				event.header(i, safe(value));
			}
		}
		if (code != null) {
			event.code(code);
		}
		if (RATE_LIMIT.isOn(response)) {
			event.rateLimit("RATE_LIMITED".equals(code));
		}
		if (bodies != null) {
			String content = (requestBody != null) ? bodies.describe(requestBody) : null;
			if (content != null) {
				event.requestBody(content);
			}
			// the response of an asynchronous request may stream for as long as it likes: not logged
			AccessLogBodies.Capture captured = responseBody ? response.body() : null;
			content = (captured != null) ? bodies.describe(captured) : null;
			if (content != null) {
				event.responseBody(content);
			}
		}
		event.log(logger, message(method, path, status, millis, slow, requestId(request), client));
	}

	/**
	 * The line's text, built here rather than by the logging backend from a pattern and
	 * arguments: {@code GET /projects/1 200 39 ms id=<request ID> client=<address>}, with
	 * {@code (slow)} after the duration of a slow request and {@code -} for a request without an
	 * ID. The values are the escaped ones of the fields.
	 */
	private static String message(String method, String path, int status, long millis, boolean slow, String requestId,
			String client) {
		// one concatenation: the string is sized once and written once, with no builder to grow
		return method + ' ' + path + ' ' + status + ' ' + millis + (slow ? " ms (slow) id=" : " ms id=") + requestId
				+ " client=" + client;
	}

	/** The request's ID, as the request ID filter set it, or as the MDC has it; {@code -} if none. */
	private String requestId(HttpServletRequest request) {
		String id = RequestIdFilter.requestId(request);
		if (id == null) {
			id = MDC.get(RequestIdFilter.MDC_KEY);
		}
		return (id != null) ? safe(id) : "-";
	}

	private String safe(@Nullable String value) {
		String safe = LogValues.safe(value, this.maxLength);
		return (safe != null) ? safe : "";
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/**
	 * Runs an error dispatch, and logs the request it answers if its own dispatch ended in
	 * {@code sendError}: with the request as the application saw it (its path, not the error
	 * page's), the error page's status, problem code and bytes, and the time until the page is
	 * written. Any other error dispatch (an asynchronous request's, logged as it completes) only
	 * passes through.
	 */
	private void logAfterErrorPage(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!(request.getAttribute(LOGS_AFTER_ERROR_PAGE) instanceof Pending pending)) {
			chain.doFilter(request, response);
			return;
		}
		request.removeAttribute(LOGS_AFTER_ERROR_PAGE);
		CountingResponse counting = new CountingResponse(response, null);
		counting.follows(pending.counting());
		try {
			chain.doFilter(request, counting);
		}
		finally {
			log(pending.request(), counting, System.nanoTime() - pending.start(), pending.bodies(),
					pending.requestBody(), false, pending.route());
		}
	}

	/** What the line of a request answered by an error page needs of its own dispatch. */
	private record Pending(HttpServletRequest request, CountingResponse counting, long start,
			@Nullable AccessLogBodies bodies, AccessLogBodies.@Nullable Capture requestBody, @Nullable Object route) {
	}

	/**
	 * Logs an asynchronous request when it completes, unless an async dispatch through the filter
	 * took the line over: one the application completes itself ({@code AsyncContext.complete()}),
	 * or one that timed out into an error page (the error dispatch does not pass this filter).
	 * The container tells its listeners on one of its own threads, so the request's ID is put in
	 * the MDC for the line, as the request ID filter puts it there on the request's threads.
	 */
	private void logOnComplete(HttpServletRequest request, CountingResponse response, long start,
			@Nullable AccessLogBodies bodies, AccessLogBodies.@Nullable Capture requestBody, @Nullable Object route) {
		if (request.getAttribute(LOGS_ON_COMPLETE) != response) {
			return;
		}
		request.removeAttribute(LOGS_ON_COMPLETE);
		String id = RequestIdFilter.requestId(request);
		boolean put = id != null && MDC.get(RequestIdFilter.MDC_KEY) == null;
		if (put) {
			MDC.put(RequestIdFilter.MDC_KEY, id);
		}
		try {
			log(request, response, System.nanoTime() - start, bodies, requestBody, false, route);
		}
		finally {
			if (put) {
				MDC.remove(RequestIdFilter.MDC_KEY);
			}
		}
	}

}
