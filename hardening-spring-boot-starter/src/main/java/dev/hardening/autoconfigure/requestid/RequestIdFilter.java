package dev.hardening.autoconfigure.requestid;

import java.io.IOException;

import dev.hardening.autoconfigure.EncodedHeaderName;
import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.requestid.RequestIdProperties.Echo;
import dev.hardening.autoconfigure.RequestTraceId;
import dev.hardening.requestid.RequestIdGenerator;
import dev.hardening.requestid.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request an ID: a safe incoming one when trusted, otherwise a new one. The ID is set
 * on the response before anything else runs (so errors carry it too; unless the response is to
 * echo the trace ID instead and the request has one), kept in the
 * {@value #ATTRIBUTE} request attribute, and put in the logging MDC as {@value #MDC_KEY} for the
 * request's duration, including its async and error dispatches.
 */
public final class RequestIdFilter extends HardeningFilter {

	/** The request attribute that holds the request's ID. */
	public static final String ATTRIBUTE = "dev.hardening.requestId";

	/** The logging MDC key that holds the request's ID. */
	public static final String MDC_KEY = "requestId";

	private static final Logger logger = LoggerFactory.getLogger(RequestIdFilter.class);

	private final String header;

	/** The header name, encoded once for the responses. */
	private final EncodedHeaderName responseHeader;

	private final boolean trustIncoming;

	private final RequestIdGenerator generator;

	private final Echo echo;

	/**
	 * Creates a filter.
	 * @param header the header carrying the ID in requests and responses
	 * @param trustIncoming whether to keep a safe incoming ID
	 * @param generator makes new IDs
	 */
	public RequestIdFilter(String header, boolean trustIncoming, RequestIdGenerator generator) {
		this(header, trustIncoming, generator, Echo.REQUEST_ID);
	}

	/**
	 * Creates a filter.
	 * @param header the header carrying the ID in requests and responses
	 * @param trustIncoming whether to keep a safe incoming ID
	 * @param generator makes new IDs
	 * @param echo which ID the response carries; with {@link Echo#TRACE_ID} the request ID header is
	 * left out when the request has a trace ID (the trace ID filter runs first)
	 */
	public RequestIdFilter(String header, boolean trustIncoming, RequestIdGenerator generator, Echo echo) {
		this.header = header;
		this.responseHeader = EncodedHeaderName.of(header);
		this.trustIncoming = trustIncoming;
		this.generator = generator;
		this.echo = echo;
	}

	/**
	 * Returns the ID of a request this filter has seen.
	 * @param request the request
	 * @return the ID, or {@code null} if the filter has not run for it
	 */
	public static @Nullable String requestId(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof String id) ? id : null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = requestId(request);
		if (id == null) {
			id = resolve(request);
			request.setAttribute(ATTRIBUTE, id);
		}
		if (this.echo.requestId(RequestTraceId.of(request) != null)) {
			this.responseHeader.set(response, id);
		}
		String outer = MDC.get(MDC_KEY);
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (outer != null) {
				MDC.put(MDC_KEY, outer);
			}
			else {
				MDC.remove(MDC_KEY);
			}
		}
	}

	private String resolve(HttpServletRequest request) {
		if (this.trustIncoming) {
			String incoming = request.getHeader(this.header);
			if (RequestIds.isValid(incoming)) {
				return incoming;
			}
			if (incoming != null) {
				// never log the value itself: it is what made it unsafe
				logger.debug("Replaced an incoming {} that is not a safe request ID", this.header);
			}
		}
		return this.generator.generate();
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

}
