package dev.hardening.autoconfigure.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * A request that shows each byte the application reads of its body to {@link #observe}, through
 * the input stream and the reader alike, while the body streams through unchanged. An observer
 * that throws stops the read (the body limit does so).
 */
abstract class BodyObservingRequest extends HttpServletRequestWrapper {

	private @Nullable ServletInputStream stream;

	private @Nullable BufferedReader reader;

	BodyObservingRequest(HttpServletRequest request) {
		super(request);
	}

	/**
	 * Sees bytes the application just read.
	 * @param buffer where they are
	 * @param offset the first
	 * @param length how many, at least 1
	 * @throws IOException to stop the read
	 */
	abstract void observe(byte[] buffer, int offset, int length) throws IOException;

	/**
	 * Sees one byte the application just read.
	 * @param b the byte
	 * @throws IOException to stop the read
	 */
	abstract void observe(int b) throws IOException;

	/**
	 * Sees the end of the body, where a limit that cut it short can say so.
	 * @throws IOException to report the end as a failure instead
	 */
	void observeEnd() throws IOException {
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.stream == null) {
			this.stream = new ObservedStream(super.getInputStream());
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

	private final class ObservedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		ObservedStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				observe(b);
			}
			else {
				observeEnd();
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				observe(buffer, offset, n);
			}
			else if (n < 0) {
				observeEnd();
			}
			return n;
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
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
