package dev.hardening.autoconfigure;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The trace ID of a request's span, as the trace ID filter of {@code dev.hardening.autoconfigure.tracing} keeps it in a request attribute. This
 * class names no Micrometer Tracing type, so that problem bodies and the request ID filter can ask
 * for the trace ID in applications without tracing (the answer is then always {@code null}).
 */
public final class RequestTraceId {

	/** Request attribute holding the trace ID of the request's span. */
	public static final String ATTRIBUTE = "dev.hardening.traceId";

	private RequestTraceId() {
	}

	/**
	 * Returns the trace ID of a request's span.
	 * @param request the request
	 * @return the trace ID, or {@code null} if the request has no span or tracing is off
	 */
	public static @Nullable String of(ServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String id) ? id : null;
	}

}
