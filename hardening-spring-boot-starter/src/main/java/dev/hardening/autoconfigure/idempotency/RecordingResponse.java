package dev.hardening.autoconfigure.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A response held back, up to a limit, until it is stored for replay, and recorded: a client that
 * has received the answer to a guarded request can count on a retry being answered with it, never
 * with "still running". Over the limit, what was held is sent and the rest streams through
 * unrecorded, but for its last byte, sent once the request completes and its key is released; an
 * asynchronous request streams through and is recorded as it goes. What cannot be
 * recorded is noted instead: a body over the limit, and an error sent through {@code sendError}
 * (the container writes its body outside this wrapper).
 */
final class RecordingResponse extends HttpServletResponseWrapper {

	private final int limit;

	/**
	 * Guards the recording and what is held back: an asynchronous answer is written by the
	 * application's thread while the request's thread releases it. Never held while calling into
	 * the writer's encoder, which has a lock of its own that a writing thread holds first.
	 */
	private final Object lock = new Object();

	private final ByteArrayOutputStream recorded = new ByteArrayOutputStream(256);

	/** Whether the body is held back; once it is not, it streams through. */
	private boolean holding = true;

	/** Whether {@link #release()} was called: the request is complete, or streams asynchronously. */
	private boolean released;

	/**
	 * The last byte of a body over the limit, held back until the request completes: a client
	 * cannot have the whole answer, and retry, before its key is released (it would get 409).
	 */
	private int tail = -1;

	private boolean overflowed;

	private boolean errorSent;

	/** Whether a redirect was sent: the container drops what is written after it, and so does the recording. */
	private boolean redirected;

	private @Nullable RecordingStream stream;

	private @Nullable PrintWriter writer;

	private @Nullable Writer encoder;

	RecordingResponse(HttpServletResponse response, int limit) {
		super(response);
		this.limit = limit;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.writer != null) {
			throw new IllegalStateException("getWriter() has already been called for this response");
		}
		return stream();
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			if (this.stream != null) {
				throw new IllegalStateException("getOutputStream() has already been called for this response");
			}
			RecordingStream out = stream();
			Charset charset = Charset.forName(getCharacterEncoding());
			// as the container's own writer does: the charset the body is written in is the one sent
			super.setCharacterEncoding(charset.name());
			OutputStreamWriter encoder = new OutputStreamWriter(new NotFlushing(out), charset);
			this.encoder = encoder;
			this.writer = new PrintWriter(new EncodingWriter(encoder, out));
		}
		return this.writer;
	}

	private RecordingStream stream() {
		if (this.stream == null) {
			this.stream = new RecordingStream();
		}
		return this.stream;
	}

	@Override
	public void setCharacterEncoding(String charset) {
		// as with the container's writer, too late once the writer is in use
		if (this.writer == null) {
			super.setCharacterEncoding(charset);
		}
	}

	@Override
	public void sendError(int status) throws IOException {
		errorSending();
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		errorSending();
		super.sendError(status, message);
	}

	private void errorSending() {
		synchronized (this.lock) {
			this.errorSent = true;
			this.recorded.reset();
			this.tail = -1;
		}
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		redirecting(true);
		super.sendRedirect(location);
	}

	@Override
	public void sendRedirect(String location, int status) throws IOException {
		redirecting(true);
		super.sendRedirect(location, status);
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) throws IOException {
		redirecting(clearBuffer);
		super.sendRedirect(location, clearBuffer);
	}

	@Override
	public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
		redirecting(clearBuffer);
		super.sendRedirect(location, status, clearBuffer);
	}

	/**
	 * As the container does on a redirect: what is in its buffer is cleared (unless asked not to),
	 * and what is written after it dropped. What is still held back never reaches the container,
	 * which drops it once the redirect is sent, so it is forgotten either way: the recording is
	 * what the client got.
	 */
	private void redirecting(boolean clearBuffer) throws IOException {
		drainWriter();
		synchronized (this.lock) {
			if (clearBuffer || this.holding) {
				forget();
			}
			this.redirected = true;
		}
	}

	@Override
	public void reset() {
		super.reset();
		forget();
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		forget();
	}

	@Override
	public void flushBuffer() throws IOException {
		drainWriter();
		synchronized (this.lock) {
			if (!this.holding) {
				super.flushBuffer();
			}
		}
	}

	private void forget() {
		synchronized (this.lock) {
			if (this.holding || !this.overflowed) {
				this.recorded.reset();
			}
			this.tail = -1;
		}
	}

	/** Encodes what the writer still holds, so that the recording is complete. */
	void drainWriter() throws IOException {
		if (this.encoder != null) {
			this.encoder.flush();
		}
	}

	/**
	 * Stops holding the body back: what was held is written, and the rest streams through.
	 * @throws IOException if writing fails
	 */
	void release() throws IOException {
		drainWriter();
		synchronized (this.lock) {
			this.released = true;
			if (this.tail != -1) {
				int last = this.tail;
				this.tail = -1;
				super.getOutputStream().write(last);
			}
			if (this.holding) {
				this.holding = false;
				if (!this.overflowed && this.recorded.size() > 0) {
					super.getOutputStream().write(this.recorded.toByteArray());
				}
			}
		}
	}

	/**
	 * Lets the body stream through unrecorded: for a request no policy guards after all.
	 * @throws IOException if writing what was held fails
	 */
	void passThrough() throws IOException {
		release();
		synchronized (this.lock) {
			this.overflowed = true;
			this.recorded.reset();
		}
	}

	/**
	 * Returns the recorded body.
	 * @return the bytes, or {@code null} when the body was over the limit
	 */
	byte @Nullable [] body() {
		synchronized (this.lock) {
			return this.overflowed ? null : this.recorded.toByteArray();
		}
	}

	boolean errorSent() {
		synchronized (this.lock) {
			return this.errorSent;
		}
	}

	private void write(byte[] bytes, int offset, int length) throws IOException {
		synchronized (this.lock) {
			writeHeld(bytes, offset, length);
		}
	}

	private void writeHeld(byte[] bytes, int offset, int length) throws IOException {
		if (this.redirected) {
			return;
		}
		if (!this.overflowed && this.recorded.size() + (long) length > this.limit) {
			this.overflowed = true;
			if (this.holding) {
				this.holding = false;
				super.getOutputStream().write(this.recorded.toByteArray());
			}
			this.recorded.reset();
		}
		if (!this.holding) {
			if (this.released || length == 0) {
				super.getOutputStream().write(bytes, offset, length);
			}
			else {
				// over the limit before the request completed: all but the last byte goes out now
				if (this.tail != -1) {
					super.getOutputStream().write(this.tail);
				}
				super.getOutputStream().write(bytes, offset, length - 1);
				this.tail = bytes[offset + length - 1] & 0xFF;
			}
		}
		if (!this.overflowed) {
			this.recorded.write(bytes, offset, length);
		}
	}

	private final class RecordingStream extends ServletOutputStream {

		private final byte[] one = new byte[1];

		@Override
		public void write(int b) throws IOException {
			this.one[0] = (byte) b;
			RecordingResponse.this.write(this.one, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			RecordingResponse.this.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			synchronized (RecordingResponse.this.lock) {
				if (!RecordingResponse.this.holding) {
					RecordingResponse.super.getOutputStream().flush();
				}
			}
		}

		@Override
		public void close() throws IOException {
			// held bodies (and the held last byte) are written when the request completes; the
			// container closes the stream
			synchronized (RecordingResponse.this.lock) {
				if (RecordingResponse.this.released) {
					RecordingResponse.super.getOutputStream().close();
				}
			}
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			throw new IllegalStateException("The response of a request guarded by an idempotency key is written "
					+ "synchronously");
		}

	}

	/** Lets the encoder hand over its bytes without flushing the response on every write. */
	private static final class NotFlushing extends OutputStream {

		private final OutputStream out;

		NotFlushing(OutputStream out) {
			this.out = out;
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
		}

	}

	/**
	 * The writer's characters, encoded as they are written (a character split across two writes, a
	 * surrogate pair, waits in the encoder). A flush of the writer flushes the stream.
	 */
	private static final class EncodingWriter extends Writer {

		private final Writer encoder;

		private final OutputStream out;

		EncodingWriter(Writer encoder, OutputStream out) {
			this.encoder = encoder;
			this.out = out;
		}

		@Override
		public void write(char[] chars, int offset, int length) throws IOException {
			this.encoder.write(chars, offset, length);
			this.encoder.flush();
		}

		@Override
		public void write(String text, int offset, int length) throws IOException {
			this.encoder.write(text, offset, length);
			this.encoder.flush();
		}

		@Override
		public void write(int c) throws IOException {
			this.encoder.write(c);
			this.encoder.flush();
		}

		@Override
		public void flush() throws IOException {
			this.encoder.flush();
			this.out.flush();
		}

		@Override
		public void close() throws IOException {
			this.encoder.flush();
			this.out.close();
		}

	}

}
