package dev.hardening.autoconfigure.tracing;

import java.io.IOException;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the trace ID of the current span once per request, after Spring Boot's server observation
 * has started it (from an incoming W3C {@code traceparent} when there is a valid one), and keeps it
 * in the {@value #ATTRIBUTE} request attribute for problem bodies. The request ID is not touched:
 * a {@code traceparent}, valid or not, never becomes the request ID.
 */
public class TraceIdFilter extends OncePerRequestFilter {

	/** Request attribute holding the trace ID of the request's span. */
	public static final String ATTRIBUTE = "dev.hardening.traceId";

	private final Tracer tracer;

	public TraceIdFilter(Tracer tracer) {
		this.tracer = tracer;
	}

	/**
	 * Returns the trace ID of a request's span.
	 * @param request the request
	 * @return the trace ID, or {@code null} if the request has no span or tracing is off
	 */
	public static @Nullable String traceId(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String id) ? id : null;
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
		if (request.getAttribute(ATTRIBUTE) == null) {
			Span span = this.tracer.currentSpan();
			if (span != null) {
				request.setAttribute(ATTRIBUTE, span.context().traceId());
			}
		}
		chain.doFilter(request, response);
	}

}
