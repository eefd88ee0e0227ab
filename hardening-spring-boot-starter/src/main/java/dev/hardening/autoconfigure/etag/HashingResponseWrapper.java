package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;

import dev.hardening.etag.BodyHasher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * Holds a response body in memory while hashing it, up to a limit. Past the limit, or as soon as
 * the response turns out to stream (async processing, server-sent events), what was held is
 * written out and the rest goes straight through: such responses get no ETag, and are never held
 * whole in memory.
 */
final class HashingResponseWrapper extends HttpServletResponseWrapper {

	private final HttpServletRequest request;

	private final int maxBuffer;

	private BodyHasher hasher = BodyHasher.create();

	private byte[] buffer = new byte[1024];

	private int size;

	private boolean passThrough;

	private long declaredLength = -1;

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	HashingResponseWrapper(HttpServletRequest request, HttpServletResponse response, int maxBuffer) {
		super(response);
		this.request = request;
		this.maxBuffer = maxBuffer;
	}

	/**
	 * Tells whether the body went through unhashed, so no ETag can be given.
	 */
	boolean passedThrough() {
		return this.passThrough;
	}

	/**
	 * Returns the hash of the held body.
	 */
	String hash() {
		return this.hasher.finish();
	}

	/**
	 * Writes the held body to the response, with its length.
	 */
	void writeBody() throws IOException {
		flushWriter();
		if (this.passThrough) {
			return;
		}
		HttpServletResponse response = (HttpServletResponse) getResponse();
		if (!response.isCommitted()) {
			response.setContentLength(this.size);
		}
		if (this.size > 0) {
			response.getOutputStream().write(this.buffer, 0, this.size);
		}
		this.size = 0;
	}

	/**
	 * Drops the held body, for a {@code 304}.
	 */
	void discardBody() throws IOException {
		flushWriter();
		this.size = 0;
	}

	/**
	 * Writes out what is held and lets everything else through.
	 */
	void passThrough() throws IOException {
		// what the writer still holds goes out too, also when an explicit flush already passed it through
		flushWriter();
		if (this.passThrough) {
			return;
		}
		this.passThrough = true;
		if (this.declaredLength >= 0 && !getResponse().isCommitted()) {
			super.setContentLengthLong(this.declaredLength);
		}
		if (this.size > 0) {
			getResponse().getOutputStream().write(this.buffer, 0, this.size);
			this.size = 0;
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.writer != null) {
			throw new IllegalStateException("getWriter() has already been called for this response");
		}
		if (this.outputStream == null) {
			this.outputStream = new HashingOutputStream();
		}
		return this.outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.outputStream != null && this.writer == null) {
			throw new IllegalStateException("getOutputStream() has already been called for this response");
		}
		if (this.writer == null) {
			this.outputStream = new HashingOutputStream();
			Charset charset = Charset.forName(getCharacterEncoding());
			this.writer = new PrintWriter(new OutputStreamWriter(this.outputStream, charset), false);
		}
		return this.writer;
	}

	@Override
	public void setContentLength(int length) {
		setContentLengthLong(length);
	}

	@Override
	public void setContentLengthLong(long length) {
		if (this.passThrough) {
			super.setContentLengthLong(length);
		}
		else {
			// kept for a body that goes through untagged: its length is still the application's
			this.declaredLength = length;
		}
	}

	@Override
	public void flushBuffer() throws IOException {
		// an explicit flush means the application streams: let it
		passThrough();
		super.flushBuffer();
	}

	@Override
	public void resetBuffer() {
		discardHeld();
		super.resetBuffer();
	}

	@Override
	public void reset() {
		discardHeld();
		this.declaredLength = -1;
		super.reset();
	}

	/**
	 * Drops the body written so far, the characters the writer has not encoded yet included, so
	 * that neither the body nor its hash keeps any of it; once passed through, the container's
	 * buffer is reset by the caller.
	 */
	private void discardHeld() {
		flushWriter();
		if (!this.passThrough) {
			this.size = 0;
			this.hasher = BodyHasher.create();
		}
	}

	private void flushWriter() {
		if (this.writer != null) {
			this.writer.flush();
		}
	}

	private boolean streams() {
		String type = getContentType();
		return this.request.isAsyncStarted() || (type != null && type.startsWith("text/event-stream"));
	}

	private void write(byte[] bytes, int offset, int count) throws IOException {
		if (!this.passThrough && (streams() || this.size + count > this.maxBuffer)) {
			passThrough();
		}
		if (this.passThrough) {
			getResponse().getOutputStream().write(bytes, offset, count);
			return;
		}
		if (this.size + count > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.min(Math.max(this.buffer.length * 2, this.size + count),
					Math.max(this.maxBuffer, this.size + count)));
		}
		System.arraycopy(bytes, offset, this.buffer, this.size, count);
		this.size += count;
		this.hasher.update(bytes, offset, count);
	}

	private final class HashingOutputStream extends ServletOutputStream {

		@Override
		public void write(int b) throws IOException {
			HashingResponseWrapper.this.write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int count) throws IOException {
			HashingResponseWrapper.this.write(bytes, offset, count);
		}

		@Override
		public void flush() throws IOException {
			// Spring's converters flush after every body; only a streaming response needs it passed on
			if (HashingResponseWrapper.this.passThrough) {
				getResponse().getOutputStream().flush();
			}
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			throw new UnsupportedOperationException("Non-blocking writes are not supported while an ETag is computed");
		}

	}

}
