package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.util.Collections;

import dev.hardening.autoconfigure.AsyncCompletion;
import dev.hardening.autoconfigure.EncodedHeaderName;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import dev.hardening.etag.ETag;
import dev.hardening.etag.EntityTags;
import dev.hardening.etag.Precondition;
import dev.hardening.etag.Preconditions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Shallow ETags for {@code GET} and {@code HEAD}: the body is hashed as it is written ({@code HEAD}
 * is run as a {@code GET}, so it carries the same ETag and Content-Length), and an
 * {@code If-None-Match} that matches gets a {@code 304} with the response's headers and no body.
 * Responses that already carry an ETag (deep ETags), that are not {@code 200}, that say
 * {@code no-store}, that stream (see {@link HashingResponseWrapper}), or that outgrow the buffer
 * are left alone. Also answers
 * {@code 428} to an unconditional {@code PUT}, {@code PATCH} or {@code DELETE} where
 * {@code If-Match} is required. Runs on the request and on its forwards: a forwarded response is
 * answered as the forward ends, before the container finishes it.
 */
final class EtagFilter implements Filter {

	private static final EncodedHeaderName ETAG = EncodedHeaderName.of(HttpHeaders.ETAG);

	private final PathPatterns paths;

	private final PathPatterns requireIfMatch;

	private final boolean weak;

	private final int maxBuffer;

	private final @Nullable ProblemResponseWriter problems;

	EtagFilter(PathPatterns paths, PathPatterns requireIfMatch, boolean weak, int maxBuffer,
			@Nullable ProblemResponseWriter problems) {
		this.paths = paths;
		this.requireIfMatch = requireIfMatch;
		this.weak = weak;
		this.maxBuffer = maxBuffer;
		this.problems = problems;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest request = (HttpServletRequest) servletRequest;
		HttpServletResponse response = (HttpServletResponse) servletResponse;
		if (request.getDispatcherType() == DispatcherType.FORWARD) {
			chain.doFilter(request, response);
			// Tomcat finishes a forwarded response as the forward returns: what is held must be out by then
			HashingResponseWrapper wrapper = HashingResponseWrapper.of(response);
			if (wrapper != null) {
				complete(wrapper);
			}
			return;
		}
		String method = request.getMethod();
		boolean read = "GET".equals(method) || "HEAD".equals(method);
		if (!read) {
			if (isUnsafe(method) && request.getHeader(HttpHeaders.IF_MATCH) == null && this.requireIfMatch.matches(request)) {
				preconditionRequired(request, response);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if (!this.paths.matches(request)) {
			chain.doFilter(request, response);
			return;
		}
		// found by unwrapping the response (no request attribute: Tomcat copies its listeners on each set)
		HashingResponseWrapper wrapper = new HashingResponseWrapper(request, response, this.maxBuffer);
		chain.doFilter("HEAD".equals(method) ? new HeadAsGet(request) : request, wrapper);
		complete(wrapper);
	}

	/**
	 * Answers with what the wrapper held, once the body is whole: the body with its ETag, a
	 * {@code 304}, or, for a response that streamed or may not be tagged, the body as it is. Once
	 * per response: a forward completes it before the request does.
	 */
	private void complete(HashingResponseWrapper wrapper) throws IOException {
		if (!wrapper.complete()) {
			return;
		}
		HttpServletRequest request = wrapper.request();
		HttpServletResponse response = (HttpServletResponse) wrapper.getResponse();
		if (wrapper.passedThrough() || request.isAsyncStarted() || !eligible(response)) {
			wrapper.passThrough();
			if (request.isAsyncStarted()) {
				// written on another thread from now on: what the wrapper's writer holds when the
				// application completes without a flush goes out then (the container flushes only
				// its own writer)
				AsyncCompletion.whenComplete(request, wrapper::flushWriter);
			}
			return;
		}
		ETAG.set(response, wrapper.etag(this.weak));
		if (request.getHeader(HttpHeaders.IF_NONE_MATCH) != null && notModified(request, wrapper)) {
			wrapper.discardBody();
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			response.setContentLength(-1);
			return;
		}
		wrapper.writeBody();
	}

	private boolean notModified(HttpServletRequest request, HashingResponseWrapper wrapper) {
		EntityTags ifNoneMatch = EntityTags.parse(Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)));
		ETag etag = new ETag(wrapper.hash(), this.weak);
		return Preconditions.evaluate(request.getMethod(), null, ifNoneMatch, null, null, etag, null,
				true) == Precondition.NOT_MODIFIED;
	}

	private static boolean eligible(HttpServletResponse response) {
		if (response.isCommitted() || response.getStatus() != HttpServletResponse.SC_OK
				|| response.containsHeader(HttpHeaders.ETAG)) {
			return false;
		}
		String cacheControl = response.getHeader(HttpHeaders.CACHE_CONTROL);
		return cacheControl == null || !cacheControl.contains("no-store");
	}

	private static boolean isUnsafe(String method) {
		return "PUT".equals(method) || "PATCH".equals(method) || "DELETE".equals(method);
	}

	private void preconditionRequired(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String detail = "This request must be conditional: send If-Match with the ETag you last read.";
		if (this.problems != null) {
			this.problems.write(request, response, ErrorCode.PRECONDITION_REQUIRED, detail);
		}
		else {
			response.sendError(ErrorCode.PRECONDITION_REQUIRED.status(), detail);
		}
	}

	/**
	 * A {@code HEAD} shown to the application as the {@code GET} it stands for (RFC 9110 §9.3.2),
	 * so that the body is written and hashed, and {@code HEAD} carries the ETag and Content-Length
	 * of {@code GET}: Spring's static resource handler would otherwise answer {@code HEAD}
	 * without its body. Tomcat still sends no body, as the request on the wire is a {@code HEAD}.
	 */
	private static final class HeadAsGet extends HttpServletRequestWrapper {

		HeadAsGet(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getMethod() {
			return "GET";
		}

	}

}
