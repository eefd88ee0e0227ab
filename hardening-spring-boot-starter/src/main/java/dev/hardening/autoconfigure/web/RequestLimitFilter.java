package dev.hardening.autoconfigure.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import dev.hardening.web.BodyTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
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

	/** The request with its body stream counted against the limit. */
	private static final class Limited extends HttpServletRequestWrapper {

		private final long limit;

		private @Nullable ServletInputStream stream;

		private @Nullable BufferedReader reader;

		Limited(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			return this.reader;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long read;

		LimitedStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
