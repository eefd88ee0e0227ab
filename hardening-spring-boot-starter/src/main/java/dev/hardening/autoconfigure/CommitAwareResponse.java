package dev.hardening.autoconfigure;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A response that calls {@link #onCommit(int)} once, just before it commits: at a flush, a close,
 * an error or a redirect, before a write that fills the buffer or completes the declared length
 * (before the first write if a filter outside it declared a length it cannot read), or when the
 * filter that made it calls {@link #committing()} as the chain ends. Not when the
 * application merely takes the stream or the writer, nor when it sets the status: a header the
 * application, or Spring Security's header writer (which writes at commit, inside hardening's
 * filters), sets after that is there to be seen. The one home of this detection for the filters
 * that add headers at commit (security headers, error cache control).
 */
public abstract class CommitAwareResponse extends HttpServletResponseWrapper implements PassesEncodedHeaders {

	private static final String CONTENT_LENGTH = "Content-Length";

	private static final int UTF_8_MAX_BYTES_PER_CHAR = maxBytesPerChar(StandardCharsets.UTF_8.name());

	private static final int ISO_8859_1_MAX_BYTES_PER_CHAR = maxBytesPerChar(StandardCharsets.ISO_8859_1.name());

	private final boolean watchBody;

	private boolean done;

	private long written;

	private long contentLength = -1;

	private @Nullable ServletOutputStream stream;

	private @Nullable PrintWriter writer;

	/**
	 * @param response the response to wrap
	 * @param watchBody whether {@link #onCommit(int)} is wanted at all; without it, the stream and
	 * the writer are the container's own
	 */
	protected CommitAwareResponse(HttpServletResponse response, boolean watchBody) {
		super(response);
		this.watchBody = watchBody;
		if (watchBody && response.containsHeader(CONTENT_LENGTH)) {
			// declared before this wrapper, by a filter outside it: the container commits once that
			// many bytes are written, and the Servlet API does not say how many, so the first
			// write announces the commit
			this.contentLength = 0;
		}
	}

	/**
	 * Called once, before the response commits, while headers can still be set.
	 * @param status the status the response commits with
	 */
	protected abstract void onCommit(int status);

	/**
	 * Called once, in place of {@link #onCommit(int)}, before {@code sendError} hands the response
	 * to the error page; by default the same as a commit with that status.
	 * @param status the error status
	 */
	protected void onSendError(int status) {
		onCommit(status);
	}

	/** The chain is done: a response not committed yet will commit with what it has now. */
	public final void committing() {
		if (claim()) {
			onCommit(getStatus());
		}
	}

	/**
	 * The chain is done: announces the commit now, as {@link #committing()}, or, if the request's
	 * asynchronous processing started, when that processing completes. A response the application
	 * completes itself ({@link AsyncContext#complete()}, with no async dispatch through the filter
	 * that made this wrapper) is committed by the container after it tells the listeners, without
	 * this wrapper seeing it; one already committed by then, or whose commit was announced, is left
	 * as it is.
	 * @param request the request the chain was given
	 */
	public final void committing(ServletRequest request) {
		if (request.isAsyncStarted()) {
			AsyncCompletion.whenComplete(request, this::committing);
		}
		else {
			committing();
		}
	}

	/** Whether the commit is still to be announced; marks it announced. */
	private boolean claim() {
		if (!this.watchBody || this.done || isCommitted()) {
			return false;
		}
		this.done = true;
		return true;
	}

	/**
	 * How many bytes the application wrote since the last reset, characters counted at the most
	 * bytes each may take.
	 * @return the bytes written
	 */
	protected final long written() {
		return this.written;
	}

	private void beforeWrite(long bytes) {
		if (this.done) {
			return;
		}
		this.written += bytes;
		if (this.written >= getBufferSize() || (this.contentLength >= 0 && this.written >= this.contentLength)) {
			committing();
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (!this.watchBody) {
			return super.getOutputStream();
		}
		if (this.stream == null) {
			this.stream = new CommitAwareStream(super.getOutputStream());
		}
		return this.stream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (!this.watchBody) {
			return super.getWriter();
		}
		if (this.writer == null) {
			this.writer = new PrintWriter(new CommitAwareWriter(super.getWriter(), maxBytesPerChar()), false);
		}
		return this.writer;
	}

	private int maxBytesPerChar() {
		String encoding = getCharacterEncoding();
		// the usual two without a new encoder for each writer
		if (StandardCharsets.UTF_8.name().equalsIgnoreCase(encoding)) {
			return UTF_8_MAX_BYTES_PER_CHAR;
		}
		if (StandardCharsets.ISO_8859_1.name().equalsIgnoreCase(encoding)) {
			return ISO_8859_1_MAX_BYTES_PER_CHAR;
		}
		return maxBytesPerChar(encoding);
	}

	private static int maxBytesPerChar(@Nullable String encoding) {
		try {
			return (int) Math.ceil(Charset.forName(encoding).newEncoder().maxBytesPerChar());
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
	public void setHeader(String name, String value) {
		declared(name, value);
		super.setHeader(name, value);
	}

	@Override
	public void addHeader(String name, String value) {
		declared(name, value);
		super.addHeader(name, value);
	}

	/**
	 * Passes every header but a Content-Length, which it notes. A subclass that overrides
	 * {@code setHeader} or {@code addHeader} again is gone through, as text, unless it overrides
	 * this too and says which headers its own methods pass.
	 */
	@Override
	public boolean passes(String name) {
		return !CONTENT_LENGTH.equalsIgnoreCase(name);
	}

	@Override
	public void setIntHeader(String name, int value) {
		declared(name, value);
		super.setIntHeader(name, value);
	}

	@Override
	public void addIntHeader(String name, int value) {
		declared(name, value);
		super.addIntHeader(name, value);
	}

	/** Notes a Content-Length set as a number, without making text of every number set. */
	private void declared(String name, int value) {
		if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
			this.contentLength = value;
		}
	}

	/**
	 * Notes a Content-Length set as a header, as Spring's {@code ServletServerHttpResponse} does:
	 * the container commits once that many bytes are written.
	 */
	private void declared(String name, @Nullable String value) {
		if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
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

	@Override
	public void flushBuffer() throws IOException {
		committing();
		super.flushBuffer();
	}

	@Override
	public void sendError(int status) throws IOException {
		if (claim()) {
			onSendError(status);
		}
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		if (claim()) {
			onSendError(status);
		}
		super.sendError(status, message);
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		if (claim()) {
			onCommit(SC_FOUND);
		}
		super.sendRedirect(location);
	}

	@Override
	public void reset() {
		super.reset();
		// the headers went with the reset: the answer that follows commits afresh
		this.done = false;
		this.written = 0;
		this.contentLength = -1;
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		this.written = 0;
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
			committing();
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			committing();
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

	/** Counts characters at the most bytes each may take, so the call comes before the commit. */
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
			committing();
			this.delegate.flush();
		}

		@Override
		public void close() {
			committing();
			this.delegate.close();
		}

	}

}
