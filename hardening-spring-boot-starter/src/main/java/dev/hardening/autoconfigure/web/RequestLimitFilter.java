package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import dev.hardening.web.BodyTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits requests: a query with more parameters than allowed is a {@code 400} problem
 * {@code TOO_MANY_PARAMETERS} (Tomcat would silently keep the first ones); a body that declares a
 * larger {@code Content-Length} than its limit is refused at once with a {@code 413} problem,
 * unread; any other (chunked ones too) is counted as it is read and stops with a
 * {@link BodyTooLargeException} at the limit, which the error handling answers with the same
 * problem.
 */
final class RequestLimitFilter extends OncePerRequestFilter {

	private final long defaultLimit;

	private final List<PathLimit> overrides;

	private final int maxParameters;

	private final @Nullable ProblemResponseWriter problems;

	RequestLimitFilter(long defaultLimit, List<PathLimit> overrides, int maxParameters,
			@Nullable ProblemResponseWriter problems) {
		this.defaultLimit = defaultLimit;
		this.overrides = overrides;
		this.maxParameters = maxParameters;
		this.problems = problems;
	}

	record PathLimit(PathPatterns paths, long limit) {
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (parameterCount(request.getQueryString()) > this.maxParameters) {
			refuse(request, response, ErrorCode.TOO_MANY_PARAMETERS,
					"The request has more than " + this.maxParameters + " query parameters.");
			return;
		}
		long limit = limitFor(request);
		if (request.getContentLengthLong() > limit) {
			refuse(request, response, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + limit + " bytes.");
			return;
		}
		chain.doFilter(new Limited(request, limit), response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail)
			throws IOException {
		if (this.problems != null) {
			this.problems.write(request, response, code, detail);
		}
		else {
			response.sendError(code.status(), detail);
		}
	}

	private static int parameterCount(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return 0;
		}
		int count = 0;
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = query.length();
			}
			if (end > start) {
				count++;
			}
			start = end + 1;
		}
		return count;
	}

	private long limitFor(HttpServletRequest request) {
		for (PathLimit override : this.overrides) {
			if (override.paths().matches(request)) {
				return override.limit();
			}
		}
		return this.defaultLimit;
	}

	/** The request with its body counted against the limit as it is read. */
	private static final class Limited extends BodyObservingRequest {

		private final long limit;

		private long read;

		Limited(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		void observe(byte[] buffer, int offset, int length) throws BodyTooLargeException {
			count(length);
		}

		@Override
		void observe(int b) throws BodyTooLargeException {
			count(1);
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

	}

}
