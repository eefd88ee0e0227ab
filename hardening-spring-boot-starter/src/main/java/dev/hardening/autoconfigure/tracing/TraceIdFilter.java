package dev.hardening.autoconfigure.tracing;

import java.io.IOException;

import dev.hardening.autoconfigure.RequestTraceId;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the trace context of the current span once per request, after Spring Boot's server
 * observation has started it (from an incoming W3C {@code traceparent} when there is a valid one),
 * and keeps its trace ID in the {@value RequestTraceId#ATTRIBUTE} request attribute for problem
 * bodies and the request ID filter. When asked to, it answers the W3C Trace Context Level 2
 * {@value #TRACERESPONSE} header: {@code 00-<trace-id>-<span-id>-<flags>} of the server's span.
 * The request ID is not touched: a {@code traceparent}, valid or not, never becomes the request ID.
 */
public class TraceIdFilter extends OncePerRequestFilter {

	/** The response header that carries the server span's trace context. */
	public static final String TRACERESPONSE = "traceresponse";

	private final Tracer tracer;

	private final boolean traceresponse;

	/**
	 * Creates a filter that keeps the trace ID and answers no header.
	 * @param tracer the application's tracer
	 */
	public TraceIdFilter(Tracer tracer) {
		this(tracer, false);
	}

	/**
	 * Creates a filter.
	 * @param tracer the application's tracer
	 * @param traceresponse whether to answer the {@value #TRACERESPONSE} header
	 */
	public TraceIdFilter(Tracer tracer, boolean traceresponse) {
		this.tracer = tracer;
		this.traceresponse = traceresponse;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getAttribute(RequestTraceId.ATTRIBUTE) == null) {
			Span span = this.tracer.currentSpan();
			// not isNoop(): the OpenTelemetry and Brave bridges answer it for every span that is
			// not sampled, whose context is as valid as a sampled one's
			TraceContext context = (span != null) ? span.context() : null;
			if (context != null && isTraceId(context.traceId())) {
				request.setAttribute(RequestTraceId.ATTRIBUTE, context.traceId());
				if (this.traceresponse) {
					response.setHeader(TRACERESPONSE, traceresponse(context));
				}
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether a trace ID is one: 16 or 32 lower-case hex digits, not all zero (the invalid trace
	 * ID of OpenTelemetry's invalid context; a no-op tracer's is empty).
	 */
	static boolean isTraceId(@Nullable String traceId) {
		if (traceId == null || (traceId.length() != 32 && traceId.length() != 16)) {
			return false;
		}
		boolean zero = true;
		for (int i = 0; i < traceId.length(); i++) {
			char c = traceId.charAt(i);
			if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
				return false;
			}
			zero &= (c == '0');
		}
		return !zero;
	}

	private static String traceresponse(TraceContext context) {
		return "00-" + context.traceId() + '-' + context.spanId() + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
	}

}
