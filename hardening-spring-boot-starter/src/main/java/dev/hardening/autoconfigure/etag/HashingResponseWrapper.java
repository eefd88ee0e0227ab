package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;

import dev.hardening.etag.BodyHasher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * Holds a response body in memory while hashing it, up to a limit, in pooled chunks (see
 * {@link HeldBody}). Past the limit, or as soon as
 * the response turns out to stream, what was held is written out and the rest goes straight
 * through: such responses get no ETag, and are never held whole in memory.
 * <p>
 * A response streams when it is async (a {@code StreamingResponseBody}, an emitter), is
 * server-sent events, calls {@code flushBuffer()} while it writes its own body, or writes again
 * after a flush. A flush with nothing written after it is only owed: views, a writer flushed at the
 * end, and Spring MVC's {@code flushBuffer()} after it wrote a {@code ResponseEntity} body (which
 * {@link WholeBodyAdvice} announces) end the handler, and the body keeps its ETag. Spring's
 * {@code ShallowEtagHeaderFilter} ignores every flush instead, and so never streams.
 */
final class HashingResponseWrapper extends HttpServletResponseWrapper {

	/** The writer's encoding buffer: the bytes of at most this many characters go to the body at once. */
	private static final int WRITER_BUFFER = 1024;

	private final HttpServletRequest request;

	private final int maxBuffer;

	private final BodyHasher hasher = BodyHasher.create();

	private final HeldBody held = new HeldBody();

	private boolean passThrough;

	/** Spring MVC writes a converted body whole: its flush is the end of the handler. */
	private boolean wholeBody;

	/** A flush the application asked for, owed until something more is written. */
	private boolean flushOwed;

	/** Set while the wrapper flushes its own writer, which is no flush of the application's. */
	private boolean flushingWriter;

	/** The filter has answered: what is written after that goes straight through. */
	private boolean completed;

	private long declaredLength = -1;

	private @Nullable ServletOutputStream outputStream;

	private @Nullable PrintWriter writer;

	HashingResponseWrapper(HttpServletRequest request, HttpServletResponse response, int maxBuffer) {
		super(response);
		this.request = request;
		this.maxBuffer = maxBuffer;
	}

	/**
	 * Finds the wrapper of the current response, under the wrappers of the filters and the
	 * dispatches that came after it (a forward's included): responses passed on must be
	 * {@code ServletResponseWrapper}s (Servlet specification, 6.2.2).
	 * @param response the response as the caller sees it
	 * @return the wrapper, or {@code null} if the response has none
	 */
	static @Nullable HashingResponseWrapper of(ServletResponse response) {
		ServletResponse current = response;
		while (current instanceof ServletResponseWrapper wrapper) {
			if (wrapper instanceof HashingResponseWrapper hashing) {
				return hashing;
			}
			current = wrapper.getResponse();
		}
		return null;
	}

	/**
	 * Tells that Spring MVC is about to write a converted body ({@code @ResponseBody},
	 * {@code ResponseEntity}) whole: the {@code flushBuffer()} that follows it does not stream.
	 */
	void expectWholeBody() {
		this.wholeBody = true;
	}

	/** The request as the filter received it, before any {@code HEAD} was shown as a {@code GET}. */
	HttpServletRequest request() {
		return this.request;
	}

	/**
	 * Takes in what the application left in its writer, and tells whether the response is still
	 * to be answered: {@code true} once, then {@code false}.
	 */
	boolean complete() {
		if (this.completed) {
			return false;
		}
		this.completed = true;
		flushWriter();
		return true;
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
	 * Returns the entity tag of the held body as a header value: {@code new ETag(hash(), weak).format()}.
	 */
	String etag(boolean weak) {
		return this.hasher.finish(weak);
	}

	/**
	 * Writes the held body to the response, with its length.
	 */
	void writeBody() throws IOException {
		flushWriter();
		if (this.passThrough) {
			return;
		}
		this.passThrough = true;
		HttpServletResponse response = (HttpServletResponse) getResponse();
		try {
			if (!response.isCommitted()) {
				response.setContentLength(this.held.size());
			}
			if (this.held.size() > 0) {
				this.held.writeTo(response.getOutputStream());
			}
		}
		finally {
			releaseHeld();
		}
	}

	/**
	 * Drops the held body, for a {@code 304}.
	 */
	void discardBody() throws IOException {
		flushWriter();
		this.passThrough = true;
		releaseHeld();
	}

	/**
	 * Writes out what is held and lets everything else through.
	 */
	void passThrough() throws IOException {
		// what the writer still holds goes out too, also when an explicit flush already passed it through
		flushWriter();
		startPassingThrough();
	}

	/**
	 * Writes out what is held and lets everything after it through; leaves the writer alone, as
	 * it may be the one writing.
	 */
	private synchronized void startPassingThrough() throws IOException {
		if (this.passThrough) {
			return;
		}
		this.passThrough = true;
		if (this.declaredLength >= 0 && !getResponse().isCommitted()) {
			super.setContentLengthLong(this.declaredLength);
		}
		try {
			if (this.held.size() > 0) {
				this.held.writeTo(getResponse().getOutputStream());
			}
		}
		finally {
			releaseHeld();
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
			HashingOutputStream stream = new HashingOutputStream();
			this.outputStream = stream;
			// encoded as OutputStreamWriter encodes, through a 1 KB buffer rather than its 8 KB one
			CharsetEncoder encoder = Charset.forName(getCharacterEncoding())
				.newEncoder()
				.onMalformedInput(CodingErrorAction.REPLACE)
				.onUnmappableCharacter(CodingErrorAction.REPLACE);
			this.writer = new PrintWriter(Channels.newWriter(new EncodedChannel(), encoder, WRITER_BUFFER), false) {

				@Override
				public void flush() {
					super.flush();
					// a channel's writer does not flush the stream under it, OutputStreamWriter does
					if (this.out != null) {
						try {
							stream.flush();
						}
						catch (IOException ex) {
							setError();
						}
					}
				}

			};
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
		if (!this.passThrough && this.wholeBody && !streams()) {
			// Spring MVC's flush after a ResponseEntity body: the handler is done
			this.flushOwed = true;
			return;
		}
		// the application flushes while it writes its own body: it streams, let it
		passThrough();
		super.flushBuffer();
	}

	@Override
	public void resetBuffer() {
		// a flush owed for a body that is thrown away is owed no more
		this.flushOwed = false;
		discardHeld();
		super.resetBuffer();
	}

	@Override
	public void reset() {
		this.flushOwed = false;
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
			this.held.clear();
			this.hasher.reset();
		}
	}

	/**
	 * Gives the chunks of the held body back to the pool, once it is out or dropped; an async
	 * response may be written by another thread than the one completing it, so its chunks are
	 * left to the garbage collector: a chunk that two threads could hand back would end up in two
	 * responses.
	 */
	private void releaseHeld() {
		if (this.request.isAsyncStarted()) {
			this.held.drop();
		}
		else {
			this.held.release();
		}
	}

	/**
	 * Sends on what the writer this wrapper handed out still holds in its encoder (up to 1 KB of
	 * characters), as a flush of it would: also for an asynchronous answer, written after this
	 * wrapper passed the response through and completed without a flush.
	 */
	void flushWriter() {
		if (this.writer != null) {
			this.flushingWriter = true;
			try {
				this.writer.flush();
			}
			finally {
				this.flushingWriter = false;
			}
		}
	}

	private boolean streams() {
		String type = getContentType();
		return this.request.isAsyncStarted() || (type != null && type.startsWith("text/event-stream"));
	}

	private void write(byte[] bytes, int offset, int count) throws IOException {
		if (!this.passThrough && (this.flushOwed || streams() || this.held.size() + count > this.maxBuffer)) {
			boolean owed = this.flushOwed;
			startPassingThrough();
			if (owed) {
				// more after a flush: the application streams, and what it flushed is sent now
				getResponse().flushBuffer();
			}
		}
		if (this.passThrough) {
			getResponse().getOutputStream().write(bytes, offset, count);
			return;
		}
		this.held.write(bytes, offset, count);
		this.hasher.update(bytes, offset, count);
	}

	private void write(int b) throws IOException {
		if (!this.passThrough && (this.flushOwed || streams() || this.held.size() + 1 > this.maxBuffer)) {
			write(new byte[] { (byte) b }, 0, 1);
			return;
		}
		if (this.passThrough) {
			getResponse().getOutputStream().write(b);
			return;
		}
		this.held.write(b);
		this.hasher.update(b);
	}

	/** The body as the writer's encoder sees it: its heap buffer's bytes, written to the body. */
	private final class EncodedChannel implements WritableByteChannel {

		@Override
		public int write(ByteBuffer source) throws IOException {
			int count = source.remaining();
			HashingResponseWrapper.this.write(source.array(), source.arrayOffset() + source.position(), count);
			source.position(source.limit());
			return count;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void close() {
			// as OutputStreamWriter closes the body stream, which does nothing
		}

	}

	private final class HashingOutputStream extends ServletOutputStream {

		@Override
		public void write(int b) throws IOException {
			HashingResponseWrapper.this.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int count) throws IOException {
			HashingResponseWrapper.this.write(bytes, offset, count);
		}

		@Override
		public void flush() throws IOException {
			if (HashingResponseWrapper.this.passThrough) {
				getResponse().getOutputStream().flush();
			}
			else if (!HashingResponseWrapper.this.flushingWriter) {
				// views and writers flush when they are done: only a write after it streams
				HashingResponseWrapper.this.flushOwed = true;
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
