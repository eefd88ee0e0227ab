package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Map;

import dev.hardening.autoconfigure.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds the security headers of the request's profile to every response, errors and
 * {@code 304}s included, when the response commits, so a header the application or Spring
 * Security set itself, however late before the commit, is left as it is and never gets a second
 * value. {@code Strict-Transport-Security} only over
 * HTTPS. {@code Server} and {@code X-Powered-By} are dropped whoever sets them.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

	private final SecurityHeaders headers;

	private final PathPatterns browserPaths;

	private final ClientAddressResolver clients;

	SecurityHeadersFilter(SecurityHeaders headers, PathPatterns browserPaths, ClientAddressResolver clients) {
		this.headers = headers;
		this.browserPaths = browserPaths;
		this.clients = clients;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Map<String, String> profile = (!this.browserPaths.isEmpty() && this.browserPaths.matches(request))
				? this.headers.browser() : this.headers.api();
		@Nullable String hsts = (!this.headers.hsts().isEmpty() && this.clients.isSecure(request)) ? this.headers.hsts() : null;
		HeaderAdding wrapper = new HeaderAdding(response, profile, hsts);
		try {
			chain.doFilter(request, wrapper);
		}
		finally {
			wrapper.addMissing();
		}
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/**
	 * Adds the headers the response lacks when it commits: at a flush, a close, an error or a
	 * redirect, before a write that fills the buffer or completes the declared length, or when
	 * the chain ends. Not when the application merely takes the stream or writer: a header it
	 * (or Spring Security's header writer, which also writes at commit and sits inside this
	 * filter) sets after that must find the field free, not a default to replace or add to.
	 */
	private static final class HeaderAdding extends HttpServletResponseWrapper {

		private final Map<String, String> profile;

		private final @Nullable String hsts;

		private boolean added;

		private long written;

		private long contentLength = -1;

		private @Nullable ServletOutputStream stream;

		private @Nullable PrintWriter writer;

		HeaderAdding(HttpServletResponse response, Map<String, String> profile, @Nullable String hsts) {
			super(response);
			this.profile = profile;
			this.hsts = hsts;
		}

		void addMissing() {
			if (this.added || isCommitted()) {
				return;
			}
			this.added = true;
			HttpServletResponse response = (HttpServletResponse) getResponse();
			this.profile.forEach((name, value) -> {
				if (!response.containsHeader(name)) {
					response.setHeader(name, value);
				}
			});
			if (this.hsts != null && !response.containsHeader("Strict-Transport-Security")) {
				response.setHeader("Strict-Transport-Security", this.hsts);
			}
		}

		/** Adds the headers before a write that may commit the response. */
		private void beforeWrite(long bytes) {
			if (this.added) {
				return;
			}
			this.written += bytes;
			if (this.written >= getBufferSize() || (this.contentLength >= 0 && this.written >= this.contentLength)) {
				addMissing();
			}
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new CommitAwareStream(super.getOutputStream());
			}
			return this.stream;
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			if (this.writer == null) {
				this.writer = new PrintWriter(new CommitAwareWriter(super.getWriter(), maxBytesPerChar()), false);
			}
			return this.writer;
		}

		private int maxBytesPerChar() {
			try {
				return (int) Math.ceil(Charset.forName(getCharacterEncoding()).newEncoder().maxBytesPerChar());
			}
			catch (RuntimeException ex) {
				return 4;
			}
		}

		@Override
		public void setContentLength(int length) {
			this.contentLength = length;
			super.setContentLength(length);
		}

		@Override
		public void setContentLengthLong(long length) {
			this.contentLength = length;
			super.setContentLengthLong(length);
		}

		@Override
		public void flushBuffer() throws IOException {
			addMissing();
			super.flushBuffer();
		}

		@Override
		public void reset() {
			super.reset();
			// the headers went with the reset: the answer that follows needs them again
			this.added = false;
			this.written = 0;
			this.contentLength = -1;
		}

		@Override
		public void resetBuffer() {
			super.resetBuffer();
			this.written = 0;
		}

		@Override
		public void sendError(int status) throws IOException {
			addMissing();
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			addMissing();
			super.sendError(status, message);
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			addMissing();
			super.sendRedirect(location);
		}

		@Override
		public void setHeader(String name, String value) {
			if (!hidden(name)) {
				declared(name, value);
				super.setHeader(name, value);
			}
		}

		@Override
		public void addHeader(String name, String value) {
			if (!hidden(name)) {
				declared(name, value);
				super.addHeader(name, value);
			}
		}

		@Override
		public void setIntHeader(String name, int value) {
			declared(name, Integer.toString(value));
			super.setIntHeader(name, value);
		}

		@Override
		public void addIntHeader(String name, int value) {
			declared(name, Integer.toString(value));
			super.addIntHeader(name, value);
		}

		/**
		 * Notes a Content-Length set as a header (Spring's {@code ServletServerHttpResponse} does
		 * so): the container commits once that many bytes are written, and so must the headers.
		 */
		private void declared(String name, String value) {
			if ("Content-Length".equalsIgnoreCase(name)) {
				try {
					this.contentLength = Long.parseLong(value.trim());
				}
				catch (NumberFormatException ex) {
					this.contentLength = -1;
				}
			}
		}

		private static boolean hidden(String name) {
			return "Server".equalsIgnoreCase(name) || "X-Powered-By".equalsIgnoreCase(name);
		}

		private final class CommitAwareStream extends ServletOutputStream {

			private final ServletOutputStream delegate;

			CommitAwareStream(ServletOutputStream delegate) {
				this.delegate = delegate;
			}

			@Override
			public void write(int b) throws IOException {
				beforeWrite(1);
				this.delegate.write(b);
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				beforeWrite(len);
				this.delegate.write(b, off, len);
			}

			@Override
			public void flush() throws IOException {
				addMissing();
				this.delegate.flush();
			}

			@Override
			public void close() throws IOException {
				addMissing();
				this.delegate.close();
			}

			@Override
			public boolean isReady() {
				return this.delegate.isReady();
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				this.delegate.setWriteListener(listener);
			}

		}

		/** Counts characters at the most bytes each may take, so the headers come before the commit. */
		private final class CommitAwareWriter extends Writer {

			private final PrintWriter delegate;

			private final int maxBytesPerChar;

			CommitAwareWriter(PrintWriter delegate, int maxBytesPerChar) {
				this.delegate = delegate;
				this.maxBytesPerChar = maxBytesPerChar;
			}

			@Override
			public void write(char[] buffer, int offset, int length) {
				beforeWrite((long) length * this.maxBytesPerChar);
				this.delegate.write(buffer, offset, length);
			}

			@Override
			public void write(String text, int offset, int length) {
				beforeWrite((long) length * this.maxBytesPerChar);
				this.delegate.write(text, offset, length);
			}

			@Override
			public void write(int c) {
				beforeWrite(this.maxBytesPerChar);
				this.delegate.write(c);
			}

			@Override
			public void flush() {
				addMissing();
				this.delegate.flush();
			}

			@Override
			public void close() {
				addMissing();
				this.delegate.close();
			}

		}

	}

}
