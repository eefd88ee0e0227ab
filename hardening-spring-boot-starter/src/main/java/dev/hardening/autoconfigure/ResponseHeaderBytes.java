package dev.hardening.autoconfigure;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.ClassUtils;

/**
 * Adds {@linkplain EncodedHeader headers encoded at startup}, and values of
 * {@linkplain EncodedHeaderName names encoded at startup}, as bytes where the container allows
 * it, so that it does not encode them for every response. Tomcat keeps a header set as text
 * and, when the response commits, encodes it with a new {@code CharsetEncoder} and scans it for
 * control characters, per name and per value; a header added as bytes is copied as it is. Only
 * Tomcat is known here ({@link TomcatHeaderBytes}); on any other container, or if Tomcat's
 * classes are not as expected, nothing is added this way and the caller uses the Servlet API.
 */
final class ResponseHeaderBytes {

	private static final Logger logger = LoggerFactory.getLogger(ResponseHeaderBytes.class);

	private static final @Nullable TomcatHeaderBytes TOMCAT = tomcat();

	private ResponseHeaderBytes() {
	}

	/**
	 * Adds a header as bytes, if the response is the container's own under wrappers that do not
	 * look at the headers added through them.
	 * @param response the response
	 * @param header the header
	 * @return {@code true} if it was added (or, the response being committed, ignored as the
	 * container ignores it), {@code false} if the caller must add it through the Servlet API
	 */
	static boolean add(HttpServletResponse response, EncodedHeader header) {
		TomcatHeaderBytes tomcat = TOMCAT;
		return tomcat != null && tomcat.add(response, header);
	}

	/**
	 * Adds a header whose value the response gives as bytes, as {@link #add(HttpServletResponse,
	 * EncodedHeader)} does.
	 * @param response the response
	 * @param name the header's name
	 * @param value the value, printable ASCII (the caller checked it)
	 * @return {@code true} if it was added (or ignored as the container ignores it), {@code false}
	 * if the caller must add it through the Servlet API
	 */
	static boolean add(HttpServletResponse response, EncodedHeaderName name, String value) {
		TomcatHeaderBytes tomcat = TOMCAT;
		return tomcat != null && tomcat.add(response, name, value);
	}

	/**
	 * Sets a header whose value the response gives as bytes, replacing its values, as
	 * {@link HttpServletResponse#setHeader(String, String)} does.
	 * @param response the response
	 * @param name the header's name
	 * @param value the value, printable ASCII (the caller checked it)
	 * @return {@code true} if it was set (or ignored as the container ignores it), {@code false}
	 * if the caller must set it through the Servlet API
	 */
	static boolean set(HttpServletResponse response, EncodedHeaderName name, String value) {
		TomcatHeaderBytes tomcat = TOMCAT;
		return tomcat != null && tomcat.set(response, name, value);
	}

	/**
	 * Adds each of these headers that the response lacks, as {@code containsHeader} and then
	 * {@code addHeader} for each would, unless the response has a header named {@code unless}, as
	 * {@code getHeader} would find it: one walk of the wrappers and one look at the response's
	 * headers for all of them, on Tomcat, where the wrappers allow it.
	 * @param response the response
	 * @param headers the headers, none a Content-Type or Content-Length
	 * @param unless the header whose presence stops this
	 * @return {@code true} if done (or ignored as the container ignores it); {@code false} if
	 * nothing was added: the response has {@code unless}, or the caller must use the Servlet API
	 */
	static boolean addMissing(HttpServletResponse response, EncodedHeader[] headers, EncodedHeaderName unless) {
		TomcatHeaderBytes tomcat = TOMCAT;
		return tomcat != null && tomcat.addMissing(response, headers, unless);
	}

	/**
	 * Whether a response has a header of a name, as
	 * {@link HttpServletResponse#containsHeader(String)} answers, without making text of the
	 * header on Tomcat (its {@code containsHeader} makes text of a field held as bytes, to be
	 * encoded again at commit).
	 * @param response the response
	 * @param name the header's name
	 * @return {@code true} if it has one
	 */
	static boolean contains(HttpServletResponse response, EncodedHeaderName name) {
		TomcatHeaderBytes tomcat = TOMCAT;
		Boolean contains = (tomcat != null) ? tomcat.contains(response, name) : null;
		return (contains != null) ? contains : response.containsHeader(name.name());
	}

	/**
	 * Whether headers can be added as bytes in this application: Tomcat's classes are present
	 * and as expected.
	 * @return {@code true} if so
	 */
	static boolean available() {
		return TOMCAT != null;
	}

	private static @Nullable TomcatHeaderBytes tomcat() {
		ClassLoader classLoader = ResponseHeaderBytes.class.getClassLoader();
		if (!ClassUtils.isPresent("org.apache.catalina.connector.ResponseFacade", classLoader)) {
			return null;
		}
		try {
			return TomcatHeaderBytes.create();
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.debug("Headers fixed at startup are added as text: Tomcat's response is not as expected", ex);
			return null;
		}
	}

}
