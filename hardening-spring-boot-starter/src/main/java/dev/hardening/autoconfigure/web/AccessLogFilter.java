package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.web.LogValues;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
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
 */
final class AccessLogFilter extends OncePerRequestFilter {

	static final String LOGGER = "hardening.access";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER);

	private static final Set<String> NEVER_LOGGED = Set.of("authorization", "cookie", "set-cookie",
			"proxy-authorization", "x-api-key");

	private final ClientAddressResolver clients;

	private final PathPatterns excluded;

	private final long slowNanos;

	private final double sampleRate;

	private final List<String> headers;

	private final List<String> redacted;

	private final int maxLength;

	private final WebRejections rejections;

	AccessLogFilter(HardeningWebProperties.AccessLog properties, PathPatterns excluded, ClientAddressResolver clients,
			WebRejections rejections) {
		this.clients = clients;
		this.excluded = excluded;
		this.slowNanos = properties.getSlowThreshold().toNanos();
		this.sampleRate = properties.getSampleRate();
		this.headers = properties.getHeaders()
			.stream()
			.filter((name) -> !NEVER_LOGGED.contains(name.toLowerCase(Locale.ROOT)))
			.toList();
		this.redacted = properties.getRedactedParameters().stream().map((name) -> name.toLowerCase(Locale.ROOT)).toList();
		this.maxLength = properties.getMaxValueLength();
		this.rejections = rejections;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.excluded.isEmpty() && this.excluded.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		long start = System.nanoTime();
		Counting counting = new Counting(response);
		try {
			chain.doFilter(request, counting);
		}
		finally {
			if (!request.isAsyncStarted()) {
				log(request, counting, System.nanoTime() - start);
			}
		}
	}

	private void log(HttpServletRequest request, Counting response, long nanos) {
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
			String name = ((equals >= 0) ? pair.substring(0, equals) : pair).toLowerCase(Locale.ROOT);
			if (equals >= 0 && secret(name)) {
				out.append(pair, 0, equals).append("=[redacted]");
			}
			else {
				out.append(pair);
			}
		}
		return out.toString();
	}

	private boolean secret(String name) {
		for (String redacted : this.redacted) {
			if (name.contains(redacted)) {
				return true;
			}
		}
		return false;
	}

	private String safe(@Nullable String value) {
		String safe = LogValues.safe(value, this.maxLength);
		return (safe != null) ? safe : "";
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/** Counts the bytes of the body, however it is written. */
	private static final class Counting extends HttpServletResponseWrapper {

		private long bytes;

		private @Nullable ServletOutputStream stream;

		private @Nullable PrintWriter writer;

		Counting(HttpServletResponse response) {
			super(response);
		}

		long bytes() {
			if (this.writer != null) {
				this.writer.flush();
			}
			return this.bytes;
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				ServletOutputStream delegate = super.getOutputStream();
				this.stream = new ServletOutputStream() {

					@Override
					public void write(int b) throws IOException {
						delegate.write(b);
						Counting.this.bytes++;
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						delegate.write(b, off, len);
						Counting.this.bytes += len;
					}

					@Override
					public void flush() throws IOException {
						delegate.flush();
					}

					@Override
					public void close() throws IOException {
						delegate.close();
					}

					@Override
					public boolean isReady() {
						return delegate.isReady();
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						delegate.setWriteListener(listener);
					}

				};
			}
			return this.stream;
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (this.writer == null) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
				this.writer = new PrintWriter(new java.io.OutputStreamWriter(getOutputStream(), charset), false);
			}
			return this.writer;
		}

	}

}
