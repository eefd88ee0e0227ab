package dev.hardening.autoconfigure;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * A response header whose name is fixed at startup and whose value each response gives (a request
 * ID, an ETag, a rate limit's remaining quota): the name is checked and encoded once, and on Tomcat
 * a value that is printable ASCII is copied into the response's header list as bytes
 * ({@link ResponseHeaderBytes}), so that Tomcat does not encode the header again when the response
 * commits. A value that is not printable ASCII, any other container, and any wrapper that may want
 * to see the header get it through {@link HttpServletResponse#setHeader(String, String)} or
 * {@link HttpServletResponse#addHeader(String, String)}, as text, which the container then
 * filters as it filters every text header.
 * <p>
 * The check is made on every value: Tomcat filters control characters out of a header held as
 * text, never out of one held as bytes.
 */
public final class EncodedHeaderName {

	private final String name;

	private final byte[] bytes;

	private final boolean keptApart;

	private EncodedHeaderName(String name) {
		this.name = name;
		this.bytes = name.getBytes(StandardCharsets.US_ASCII);
		this.keptApart = name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length");
	}

	/**
	 * Encodes a header name.
	 * @param name the header name, a token
	 * @return the name
	 * @throws IllegalArgumentException if the name is not a token
	 */
	public static EncodedHeaderName of(String name) {
		if (!EncodedHeader.isToken(name)) {
			throw new IllegalArgumentException("Not a header name: " + name.replaceAll("[^\\x20-\\x7e]", "?"));
		}
		return new EncodedHeaderName(name);
	}

	/**
	 * The header name.
	 * @return the name, a token
	 */
	public String name() {
		return this.name;
	}

	/** The name's bytes, for {@link ResponseHeaderBytes} to copy, never to change. */
	byte[] bytes() {
		return this.bytes;
	}

	/**
	 * Whether this is a Content-Type or a Content-Length, which containers keep apart from the
	 * other headers: only the Servlet API sets them.
	 */
	boolean keptApart() {
		return this.keptApart;
	}

	/**
	 * Sets this header on a response, as {@link HttpServletResponse#setHeader(String, String)}
	 * would: replacing the values it has.
	 * @param response the response
	 * @param value the value; one that is {@code null} or not printable ASCII goes through the
	 * Servlet API
	 */
	public void set(HttpServletResponse response, @Nullable String value) {
		if (!isPrintableAscii(value) || !ResponseHeaderBytes.set(response, this, value)) {
			response.setHeader(this.name, value);
		}
	}

	/**
	 * Adds a value of this header to a response, as
	 * {@link HttpServletResponse#addHeader(String, String)} would.
	 * @param response the response
	 * @param value the value; one that is {@code null} or not printable ASCII goes through the
	 * Servlet API
	 */
	public void add(HttpServletResponse response, @Nullable String value) {
		if (!isPrintableAscii(value) || !ResponseHeaderBytes.add(response, this, value)) {
			response.addHeader(this.name, value);
		}
	}

	/**
	 * Tells whether a response has this header, as
	 * {@link HttpServletResponse#containsHeader(String)} does, without making text of it where
	 * the container holds it as bytes.
	 * @param response the response
	 * @return {@code true} if it has the header
	 */
	public boolean isOn(HttpServletResponse response) {
		return ResponseHeaderBytes.contains(response, this);
	}

	/**
	 * Tells whether a value is printable ASCII (no control character, so no CR or LF), without
	 * allocating: it runs on every response.
	 */
	static boolean isPrintableAscii(@Nullable String value) {
		if (value == null) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c >= 0x7f) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return this.name;
	}

}
