package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * The response as the access log sees it: counts the bytes of the body, however it is written,
 * and copies them when bodies are logged and the Content-Type at the first write is one of theirs.
 *
 * <p>Its writer keeps nothing back: every write is encoded and handed to the container at once,
 * so the container's buffer is the only one. The body reaches the client whether or not the
 * access log writes an event, and {@code flushBuffer()}, {@code reset()} and
 * {@code resetBuffer()} act on all of it.
 */
final class CountingResponse extends HttpServletResponseWrapper {

	/** The wrapper of the request's previous dispatch, for an async dispatch. */
	private @Nullable CountingResponse previous;

	private final @Nullable AccessLogBodies policy;

	private @Nullable AccessLogBodies bodies;

	private AccessLogBodies.@Nullable Capture body;

	private long bytes;

	private boolean errorSent;

	private @Nullable ServletOutputStream stream;

	private @Nullable PrintWriter writer;

	/**
	 * Wraps a response.
	 * @param response the response
	 * @param bodies the body policy, or {@code null} not to copy the body
	 */
	CountingResponse(HttpServletResponse response, @Nullable AccessLogBodies bodies) {
		super(response);
		this.policy = bodies;
		this.bodies = bodies;
	}

	/**
	 * Returns the copy of the body.
	 * @return the copy, or {@code null} if the body is not copied
	 */
	AccessLogBodies.@Nullable Capture body() {
		return this.body;
	}

	/**
	 * Notes the wrapper of the request's previous dispatch, whose count the request's line also
	 * takes: a body streamed through it from another thread is not counted here.
	 * @param previous that wrapper, {@code null} for a first dispatch
	 */
	void follows(@Nullable CountingResponse previous) {
		this.previous = previous;
	}

	/**
	 * The bytes of the request's body as its line gives them: the most counted by this wrapper or
	 * those of its earlier dispatches (nested, each counts the same bytes; not nested, the one that
	 * wrote them).
	 * @return the bytes
	 */
	long bytesOfRequest() {
		long bytes = bytes();
		return (this.previous != null) ? Math.max(bytes, this.previous.bytesOfRequest()) : bytes;
	}

	/**
	 * Returns the bytes of the body written so far.
	 * @return the count
	 */
	long bytes() {
		return this.bytes;
	}

	/**
	 * Tells whether {@code sendError} was called through this wrapper: the container then writes
	 * the answer after the dispatch, through an error page.
	 * @return whether an error was sent
	 */
	boolean errorSent() {
		return this.errorSent;
	}

	@Override
	public void sendError(int status) throws IOException {
		super.sendError(status);
		this.errorSent = true;
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		super.sendError(status, message);
		this.errorSent = true;
	}

	/** The copy of the body, decided at the first write, when the Content-Type is known. */
	private AccessLogBodies.@Nullable Capture capture() {
		AccessLogBodies bodies = this.bodies;
		if (this.body == null && bodies != null) {
			if (bodies.logs(getContentType())) {
				this.body = bodies.capture(-1);
			}
			else {
				this.bodies = null;
			}
		}
		return this.body;
	}

	private void written(int b) {
		this.bytes++;
		AccessLogBodies.Capture body = (this.bodies != null) ? capture() : null;
		if (body != null) {
			body.write(b);
		}
	}

	private void written(byte[] b, int off, int len) {
		this.bytes += len;
		AccessLogBodies.Capture body = (this.bodies != null && len > 0) ? capture() : null;
		if (body != null) {
			body.write(b, off, len);
		}
	}

	/** What was written is gone from the container's buffer: so is it from the count and the copy. */
	private void discarded() {
		this.bytes = 0;
		this.body = null;
		this.bodies = this.policy;
	}

	@Override
	public void reset() {
		super.reset();
		discarded();
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		discarded();
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.stream == null) {
			this.stream = new CountingStream(super.getOutputStream());
		}
		return this.stream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			this.writer = new PrintWriter(new PassingWriter(getOutputStream(), charset), false);
		}
		return this.writer;
	}

	/** The container's stream, with what goes through it counted and copied. */
	private final class CountingStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		CountingStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
			written(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.delegate.write(b, off, len);
			written(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
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

	/**
	 * Encodes each write and passes the bytes on at once. An {@code OutputStreamWriter} alone
	 * would hold up to 8 KB back until flushed, out of reach of the container's flush and reset;
	 * its flush after each write goes to a stream that does not flush, so it commits nothing.
	 */
	private static final class PassingWriter extends Writer {

		private final OutputStream stream;

		private final OutputStreamWriter encoder;

		PassingWriter(OutputStream stream, Charset charset) {
			this.stream = stream;
			this.encoder = new OutputStreamWriter(new OutputStream() {

				@Override
				public void write(int b) throws IOException {
					stream.write(b);
				}

				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					stream.write(b, off, len);
				}

			}, charset);
		}

		@Override
		public void write(int c) throws IOException {
			this.encoder.write(c);
			this.encoder.flush();
		}

		@Override
		public void write(char[] buffer, int off, int len) throws IOException {
			this.encoder.write(buffer, off, len);
			this.encoder.flush();
		}

		@Override
		public void write(String text, int off, int len) throws IOException {
			this.encoder.write(text, off, len);
			this.encoder.flush();
		}

		@Override
		public void flush() throws IOException {
			this.encoder.flush();
			this.stream.flush();
		}

		@Override
		public void close() throws IOException {
			this.encoder.flush();
			this.stream.close();
		}

	}

}
