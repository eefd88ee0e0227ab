package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.web.SecurityHeaders.Profile;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds the security headers of the response's profile to every response, errors and
 * {@code 304}s included, when the response commits, so a header the application or Spring
 * Security set itself, however late before the commit, is left as it is and never gets a second
 * value. The profile follows the Content-Type the response has then, as the application set it:
 * API data gets the API profile, everything else the browser profile, and a response with neither
 * a Content-Type nor a body only the headers both share; on {@code browser-paths}, every response
 * gets the browser profile. {@code Strict-Transport-Security} only over HTTPS. {@code Server} and
 * {@code X-Powered-By} are dropped whoever sets them.
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
		boolean browser = !this.browserPaths.isEmpty() && this.browserPaths.matches(pathOf(request));
		@Nullable String hsts = (!this.headers.hsts().isEmpty() && this.clients.isSecure(request)) ? this.headers.hsts() : null;
		HeaderAdding wrapper = new HeaderAdding(response, this.headers, browser, hsts);
		try {
			chain.doFilter(request, wrapper);
		}
		finally {
			// an asynchronous answer is written on the async dispatch, which this filter wraps again
			if (!request.isAsyncStarted()) {
				wrapper.addMissing();
			}
		}
	}

	/**
	 * The path {@code browser-paths} are matched against: on an error dispatch, the path of the
	 * request that failed, not that of the error page.
	 */
	private static PathContainer pathOf(HttpServletRequest request) {
		if (request.getDispatcherType() == DispatcherType.ERROR
				&& request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
			return RequestPath.parse(uri, request.getContextPath()).pathWithinApplication();
		}
		return PathPatterns.pathOf(request);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/**
	 * Adds the headers the response lacks when it commits: at a flush, a close or a redirect,
	 * before a write that fills the buffer or completes the declared length, or when the chain
	 * ends. Not when the application merely takes the stream or writer: a header it (or Spring
	 * Security's header writer, which also writes at commit and sits inside this filter) sets
	 * after that must find the field free, not a default to replace or add to. At an error, only
	 * the headers every profile shares: the error page, rendered on the error dispatch, adds
	 * those of its own type. The Content-Type is noted as the application sets it, so the
	 * profile is chosen without asking the container for it.
	 */
	private static final class HeaderAdding extends HttpServletResponseWrapper {

		private static final byte UNKNOWN = 0;

		private static final byte API = 1;

		private static final byte BROWSER = 2;

		private final SecurityHeaders headers;

		private final boolean browser;

		private final @Nullable String hsts;

		private boolean added;

		private byte type = UNKNOWN;

		private long written;

		private long contentLength = -1;

		private @Nullable ServletOutputStream stream;

		private @Nullable PrintWriter writer;

		HeaderAdding(HttpServletResponse response, SecurityHeaders headers, boolean browser, @Nullable String hsts) {
			super(response);
			this.headers = headers;
			this.browser = browser;
			this.hsts = hsts;
		}

		void addMissing() {
			add(profile());
		}

		private void add(Profile profile) {
			if (this.added || isCommitted()) {
				return;
			}
			this.added = true;
			HttpServletResponse response = (HttpServletResponse) getResponse();
			profile.addMissing(response);
			if (this.hsts != null && !response.containsHeader("Strict-Transport-Security")) {
				response.setHeader("Strict-Transport-Security", this.hsts);
			}
		}

		private Profile profile() {
			if (this.browser) {
				return this.headers.browser();
			}
			byte type = this.type;
			if (type == UNKNOWN) {
				// set before this filter ran, if at all
				String contentType = getResponse().getContentType();
				type = (contentType != null) ? typeOf(contentType) : UNKNOWN;
			}
			if (type == API) {
				return this.headers.api();
			}
			if (type == BROWSER) {
				return this.headers.browser();
			}
			// a body without a type may be sniffed: the stricter profile
			return (this.written > 0) ? this.headers.api() : this.headers.bodiless();
		}

		private static byte typeOf(@Nullable String contentType) {
			if (contentType == null) {
				return UNKNOWN;
			}
			return SecurityHeaders.isApiData(contentType) ? API : BROWSER;
		}

		/** Adds, before an error, the headers every error page gets, whatever its type. */
		private void addBeforeError() {
			add(this.browser ? this.headers.browser() : this.headers.bodiless());
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
		public void setContentType(@Nullable String type) {
			super.setContentType(type);
			this.type = typeOf(type);
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
			this.type = UNKNOWN;
		}

		@Override
		public void resetBuffer() {
			super.resetBuffer();
			this.written = 0;
		}

		@Override
		public void sendError(int status) throws IOException {
			addBeforeError();
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			addBeforeError();
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
		 * Notes a Content-Type set as a header.
		 */
		private void declared(String name, @Nullable String value) {
			if ("Content-Type".equalsIgnoreCase(name)) {
				this.type = typeOf(value);
			}
			else if ("Content-Length".equalsIgnoreCase(name)) {
				if (value == null) {
					this.contentLength = -1;
					return;
				}
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
