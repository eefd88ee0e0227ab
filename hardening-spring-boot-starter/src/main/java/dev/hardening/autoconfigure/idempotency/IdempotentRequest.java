package dev.hardening.autoconfigure.idempotency;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;

import dev.hardening.idempotency.Fingerprint;
import dev.hardening.web.BodyTooLargeException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body can be read twice: once for the fingerprint, then by the handler, which
 * sees the same bytes. Nothing is read until the fingerprint is asked for, so a request that no
 * policy guards pays nothing. Forms and multipart bodies are fingerprinted from the parameters and
 * parts the container parsed (reading their raw stream would leave the container nothing to
 * parse); any other body is read into memory up to a limit.
 */
final class IdempotentRequest extends HttpServletRequestWrapper {

	private final long maxBodySize;

	private byte @Nullable [] body;

	private @Nullable ServletInputStream stream;

	private @Nullable BufferedReader reader;

	IdempotentRequest(HttpServletRequest request, long maxBodySize) {
		super(request);
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Adds the body to a fingerprint, reading it first if it is neither a form nor multipart.
	 * @param fingerprint the fingerprint
	 * @param routed the request as the handler will see it, whose parameters a form is read from
	 * @throws BodyTooLargeException when the body is over the limit
	 * @throws IOException when the body cannot be read
	 * @throws ServletException when the container cannot parse the multipart body
	 */
	void addBodyTo(Fingerprint fingerprint, HttpServletRequest routed) throws IOException, ServletException {
		String contentType = getContentType();
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		if (type.startsWith("multipart/")) {
			for (Part part : getParts()) {
				fingerprint.add(part.getName()).add(part.getSubmittedFileName()).add(part.getContentType());
				fingerprint.add(readAll(part.getInputStream(), Long.MAX_VALUE));
			}
			return;
		}
		if (type.startsWith("application/x-www-form-urlencoded")) {
			// the parameters the handler gets: Tomcat's for a POST, Spring's FormContentFilter's for a
			// PUT, PATCH or DELETE (Tomcat parses the bodies of POSTs only)
			for (Map.Entry<String, String[]> parameter : routed.getParameterMap().entrySet()) {
				fingerprint.add(parameter.getKey());
				for (String value : parameter.getValue()) {
					fingerprint.add(value);
				}
			}
			// and what nobody parsed (a type Tomcat does not take for a form, say), which the handler
			// may read as it is: nothing when the body was parsed
		}
		fingerprint.add(body());
	}

	private byte[] body() throws IOException {
		byte[] body = this.body;
		if (body == null) {
			long length = getContentLengthLong();
			body = (length >= 0 && length <= this.maxBodySize) ? readDeclared(super.getInputStream(), (int) length)
					: readAll(super.getInputStream(), this.maxBodySize);
			this.body = body;
		}
		return body;
	}

	/** A body of a declared length, read into an array of that size; the container enforces the length. */
	private static byte[] readDeclared(InputStream in, int length) throws IOException {
		byte[] bytes = new byte[length];
		int read = in.readNBytes(bytes, 0, length);
		return (read == length) ? bytes : java.util.Arrays.copyOf(bytes, read);
	}

	private static byte[] readAll(InputStream in, long limit) throws IOException {
		byte[] bytes = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
		if (bytes.length >= limit && in.read() != -1) {
			throw new BodyTooLargeException(limit);
		}
		return bytes;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.body == null) {
			return super.getInputStream();
		}
		if (this.reader != null) {
			throw new IllegalStateException("getReader() has already been called for this request");
		}
		if (this.stream == null) {
			this.stream = new BodyStream(this.body);
		}
		return this.stream;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.body == null) {
			return super.getReader();
		}
		if (this.stream != null) {
			throw new IllegalStateException("getInputStream() has already been called for this request");
		}
		if (this.reader == null) {
			this.reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(this.body), charset()));
		}
		return this.reader;
	}

	private Charset charset() throws IOException {
		String encoding = getCharacterEncoding();
		if (encoding == null) {
			return StandardCharsets.ISO_8859_1;
		}
		try {
			return Charset.forName(encoding);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			throw new java.io.UnsupportedEncodingException("Unsupported request character encoding");
		}
	}

	/** The buffered body as the container's stream would give it: synchronous, always ready. */
	private static final class BodyStream extends ServletInputStream {

		private final ByteArrayInputStream bytes;

		BodyStream(byte[] body) {
			this.bytes = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.bytes.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.bytes.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			return this.bytes.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new IllegalStateException("The body was read for its idempotency fingerprint; read it synchronously");
		}

	}

}
