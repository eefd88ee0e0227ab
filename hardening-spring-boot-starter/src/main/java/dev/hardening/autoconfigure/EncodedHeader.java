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

	private final EncodedHeaderName name;

	private final String value;

	private final byte[] valueBytes;

	private EncodedHeader(EncodedHeaderName name, String value) {
		this.name = name;
		this.value = value;
		this.valueBytes = value.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Encodes a header.
	 * @param name the header name, a token
	 * @param value the value, printable ASCII
	 * @return the header
	 * @throws IllegalArgumentException if the name is not a token or the value not printable ASCII
	 */
	public static EncodedHeader of(String name, String value) {
		EncodedHeaderName encodedName = EncodedHeaderName.of(name);
		if (!isPrintableAscii(value)) {
			throw new IllegalArgumentException("Not printable ASCII: " + value.replaceAll("[^\\x20-\\x7e]", "?"));
		}
		return new EncodedHeader(encodedName, value);
	}

	/**
	 * The header name.
	 * @return the name, a token
	 */
	public String name() {
		return this.name.name();
	}

	/** The name, encoded. */
	EncodedHeaderName encodedName() {
		return this.name;
	}

	/**
	 * The value.
	 * @return the value, printable ASCII
	 */
	public String value() {
		return this.value;
	}

	/** The value's bytes, for {@link ResponseHeaderBytes} to copy, never to change. */
	byte[] valueBytes() {
		return this.valueBytes;
	}

	/**
	 * Adds this header to a response, as {@link HttpServletResponse#addHeader(String, String)}
	 * would.
	 * @param response the response
	 */
	public void addTo(HttpServletResponse response) {
		if (!ResponseHeaderBytes.add(response, this)) {
			response.addHeader(this.name.name(), this.value);
		}
	}

	/**
	 * Adds each of these headers that a response lacks, as {@code containsHeader} and then
	 * {@link #addTo(HttpServletResponse)} for each in turn would, unless the response has a header
	 * named {@code unless}, as {@code getHeader} would find it: on Tomcat, where no wrapper
	 * between looks at these headers, with one walk of the wrappers and one look at the headers
	 * for all of them, instead of one each.
	 * @param response the response
	 * @param headers the headers, none a Content-Type or Content-Length (else nothing is done)
	 * @param unless the header whose presence leaves the headers to the caller
	 * @return {@code true} if done (or ignored, as the container ignores headers once the response
	 * is committed); {@code false} if nothing was added, the caller to add them as it would have:
	 * the response has {@code unless}, or it is not Tomcat's, or a wrapper calls for the Servlet API
	 */
	public static boolean addMissing(HttpServletResponse response, EncodedHeader[] headers, EncodedHeaderName unless) {
		return ResponseHeaderBytes.addMissing(response, headers, unless);
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
		return EncodedHeaderName.isPrintableAscii(value);
	}

	private static boolean isTokenChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
				|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
	}

}
