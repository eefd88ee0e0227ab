package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.util.Collections;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import dev.hardening.etag.ETag;
import dev.hardening.etag.EntityTags;
import dev.hardening.etag.Precondition;
import dev.hardening.etag.Preconditions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Shallow ETags for {@code GET} and {@code HEAD}: the body is hashed as it is written ({@code HEAD}
 * is run as a {@code GET}, so it carries the same ETag and Content-Length), and an
 * {@code If-None-Match} that matches gets a {@code 304} with the response's headers and no body.
 * Responses that already carry an ETag (deep ETags), that are not {@code 200}, that say
 * {@code no-store}, that stream (see {@link HashingResponseWrapper}), or that outgrow the buffer
 * are left alone. Also answers
 * {@code 428} to an unconditional {@code PUT}, {@code PATCH} or {@code DELETE} where
 * {@code If-Match} is required.
 */
final class EtagFilter extends OncePerRequestFilter {

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
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
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
		HashingResponseWrapper wrapper = new HashingResponseWrapper(request, response, this.maxBuffer);
		request.setAttribute(HashingResponseWrapper.ATTRIBUTE, wrapper);
		try {
			chain.doFilter("HEAD".equals(method) ? new HeadAsGet(request) : request, wrapper);
		}
		finally {
			request.removeAttribute(HashingResponseWrapper.ATTRIBUTE);
		}
		wrapper.finishWriting();
		if (wrapper.passedThrough() || request.isAsyncStarted() || !eligible(response)) {
			wrapper.passThrough();
			return;
		}
		ETag etag = new ETag(wrapper.hash(), this.weak);
		response.setHeader(HttpHeaders.ETAG, etag.format());
		EntityTags ifNoneMatch = EntityTags.parse(Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)));
		Precondition outcome = Preconditions.evaluate(method, null, ifNoneMatch, null, null, etag, null, true);
		if (outcome == Precondition.NOT_MODIFIED) {
			wrapper.discardBody();
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			response.setContentLength(-1);
			return;
		}
		wrapper.writeBody();
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

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return true;
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
