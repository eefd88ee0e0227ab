package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.web.LogValues;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes one event per request to the logger {@code hardening.access}, through SLF4J, so Spring
 * Boot's structured logging (ECS, Logstash, GELF) formats it like any other line: method, path and
 * matched route, query with secrets redacted, status, duration, response bytes, client address,
 * allowlisted headers, the problem code and the rate-limit outcome; the request ID comes with the
 * logging MDC, as on every line. Every value from
 * the client is escaped and truncated. Slow requests log at {@code WARN}; fast successful ones can
 * be sampled; excluded paths are not logged. Also counts the requests the edge turned away.
 * Bodies are logged only when {@link AccessLogBodies} are given: the request's as the
 * application read it, the response's as it was written, each bounded and redacted; without
 * them no stream is wrapped.
 */
final class AccessLogFilter extends OncePerRequestFilter {

	static final String LOGGER = "hardening.access";

	private static final String REQUEST_BODY = AccessLogFilter.class.getName() + ".requestBody";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private static final Set<String> NEVER_LOGGED = Set.of("authorization", "cookie", "set-cookie",
			"proxy-authorization", "x-api-key");

	private final ClientAddressResolver clients;

	private final PathPatterns excluded;

	private final long slowNanos;

	private final double sampleRate;

	private final List<String> headers;

	private final SecretNames redacted;

	private final int maxLength;

	private final WebRejections rejections;

	private final @Nullable AccessLogBodies bodies;

	AccessLogFilter(HardeningWebProperties.AccessLog properties, PathPatterns excluded, ClientAddressResolver clients,
			WebRejections rejections, @Nullable AccessLogBodies bodies) {
		this.clients = clients;
		this.excluded = excluded;
		this.slowNanos = properties.getSlowThreshold().toNanos();
		this.sampleRate = properties.getSampleRate();
		this.headers = properties.getHeaders()
			.stream()
			.filter((name) -> !NEVER_LOGGED.contains(name.toLowerCase(Locale.ROOT)))
			.toList();
		this.redacted = SecretNames.of(properties.getRedactedParameters());
		this.maxLength = properties.getMaxValueLength();
		this.rejections = rejections;
		this.bodies = bodies;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.excluded.isEmpty() && this.excluded.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.nanoTime();
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
		try {
			chain.doFilter(logged, counting);
		}
		finally {
			if (!request.isAsyncStarted()) {
				log(request, counting, System.nanoTime() - start, bodies, requestBody);
			}
		}
	}

	private void log(HttpServletRequest request, CountingResponse response, long nanos, @Nullable AccessLogBodies bodies,
			AccessLogBodies.@Nullable Capture requestBody) {
		int status = response.getStatus();
		String code = ProblemFactory.problemCode(request);
		this.rejections.record(code);
		boolean slow = nanos >= this.slowNanos;
		if (!slow && status < 400 && this.sampleRate < 1.0 && ThreadLocalRandom.current().nextDouble() >= this.sampleRate) {
			return;
		}
		Level level = slow ? Level.WARN : Level.INFO;
		if (!logger.isEnabledForLevel(level)) {
			return;
		}
		String method = safe(request.getMethod());
		String path = safe(request.getRequestURI());
		long millis = nanos / 1_000_000;
		LoggingEventBuilder event = logger.makeLoggingEventBuilder(level)
			.addKeyValue("http.request.method", method)
			.addKeyValue("url.path", path)
			.addKeyValue("http.response.status_code", status)
			.addKeyValue("event.duration_ms", millis)
			.addKeyValue("http.response.body.bytes", response.bytes())
			.addKeyValue("client.address", safe(this.clients.resolve(request)));
		Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (route instanceof String pattern) {
			event.addKeyValue("http.route", safe(pattern));
		}
		String query = request.getQueryString();
		if (query != null) {
			event.addKeyValue("url.query", safe(redact(query)));
		}
		for (String header : this.headers) {
			String value = request.getHeader(header);
			if (value != null) {
				event.addKeyValue("http.request.header." + header.toLowerCase(Locale.ROOT), safe(value));
			}
		}
		if (code != null) {
			event.addKeyValue("error.code", code);
		}
		if (response.containsHeader("RateLimit")) {
			event.addKeyValue("rate_limit.outcome", "RATE_LIMITED".equals(code) ? "rejected" : "allowed");
		}
		if (bodies != null) {
			String content = (requestBody != null) ? bodies.describe(requestBody) : null;
			if (content != null) {
				event.addKeyValue("http.request.body.content", content);
			}
			AccessLogBodies.Capture responseBody = response.body();
			content = (responseBody != null) ? bodies.describe(responseBody) : null;
			if (content != null) {
				event.addKeyValue("http.response.body.content", content);
			}
		}
		event.log("{} {} {} {} ms{}", method, path, status, millis, slow ? " (slow)" : "");
	}

	/** Replaces the values of parameters named like secrets, keeping the rest as sent. */
	private String redact(String query) {
		StringBuilder out = new StringBuilder(query.length());
		for (String pair : query.split("&", -1)) {
			if (out.length() > 0) {
				out.append('&');
			}
			int equals = pair.indexOf('=');
			if (equals >= 0 && this.redacted.matches(SecretNames.queryName(pair, equals))) {
				out.append(pair, 0, equals).append("=[redacted]");
			}
			else {
				out.append(pair);
			}
		}
		return out.toString();
	}

	private String safe(@Nullable String value) {
		String safe = LogValues.safe(value, this.maxLength);
		return (safe != null) ? safe : "";
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
