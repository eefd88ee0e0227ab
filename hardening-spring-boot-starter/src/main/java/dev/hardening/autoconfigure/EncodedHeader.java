package dev.hardening.autoconfigure;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A response header whose name and value are fixed at startup, kept both as text and as the
 * bytes a container writes, so that adding it to a response encodes nothing: on Tomcat, the bytes
 * go straight into the response's header list ({@link ResponseHeaderBytes}); elsewhere, and
 * wherever a wrapper may want to see the header, the text goes through
 * {@link HttpServletResponse#addHeader(String, String)}.
 * <p>
 * Only {@link #of(String, String)} makes one, after checking the name and the value: Tomcat
 * filters control characters out of a header held as text, never out of one held as bytes. The
 * bytes are not handed out: every response shares them.
 */
public final class EncodedHeader {

	private final String name;

	private final String value;

	private final byte[] nameBytes;

	private final byte[] valueBytes;

	private final boolean keptApart;

	private EncodedHeader(String name, String value) {
		this.name = name;
		this.value = value;
		this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
		this.valueBytes = value.getBytes(StandardCharsets.US_ASCII);
		this.keptApart = name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length");
	}

	/**
	 * Encodes a header.
	 * @param name the header name, a token
	 * @param value the value, printable ASCII
	 * @return the header
	 * @throws IllegalArgumentException if the name is not a token or the value not printable ASCII
	 */
	public static EncodedHeader of(String name, String value) {
		if (!isToken(name)) {
			throw new IllegalArgumentException("Not a header name: " + name.replaceAll("[^\\x20-\\x7e]", "?"));
		}
		if (!isPrintableAscii(value)) {
			throw new IllegalArgumentException("Not printable ASCII: " + value.replaceAll("[^\\x20-\\x7e]", "?"));
		}
		return new EncodedHeader(name, value);
	}

	/**
	 * The header name.
	 * @return the name, a token
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The value.
	 * @return the value, printable ASCII
	 */
	public String value() {
		return this.value;
	}

	/** The name's bytes, for {@link ResponseHeaderBytes} to copy, never to change. */
	byte[] nameBytes() {
		return this.nameBytes;
	}

	/** The value's bytes, for {@link ResponseHeaderBytes} to copy, never to change. */
	byte[] valueBytes() {
		return this.valueBytes;
	}

	/**
	 * Whether this is a Content-Type or a Content-Length, which containers keep apart from the
	 * other headers: only the Servlet API sets them.
	 */
	boolean keptApart() {
		return this.keptApart;
	}

	/**
	 * Adds this header to a response, as {@link HttpServletResponse#addHeader(String, String)}
	 * would.
	 * @param response the response
	 */
	public void addTo(HttpServletResponse response) {
		if (!ResponseHeaderBytes.add(response, this)) {
			response.addHeader(this.name, this.value);
		}
	}

	/**
	 * Tells whether a text is a header name: a token of RFC 9110.
	 * @param name the text
	 * @return {@code true} if it is
	 */
	public static boolean isToken(String name) {
		return !name.isEmpty() && name.chars().allMatch(EncodedHeader::isTokenChar);
	}

	/**
	 * Tells whether a text is printable ASCII, which a header value fixed by configuration must
	 * be (no control character, so no CR or LF).
	 * @param value the text
	 * @return {@code true} if it is
	 */
	public static boolean isPrintableAscii(String value) {
		return value.chars().allMatch((c) -> c >= 0x20 && c < 0x7f);
	}

	private static boolean isTokenChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

}
