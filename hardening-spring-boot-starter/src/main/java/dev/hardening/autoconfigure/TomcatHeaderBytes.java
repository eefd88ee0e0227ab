package dev.hardening.autoconfigure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Tomcat's part of {@link ResponseHeaderBytes}: reaches the response's header list through the
 * {@link ResponseFacade} (its {@code response} field, read with a handle made once, when the first
 * header is added) and adds the header's name and value to it as bytes, copied into the buffers
 * Tomcat keeps for its header fields, which HTTP/1.1 writes as they are. Not over HTTP/2, whose
 * HPACK encoder reads each field as text, decoding bytes for every response. It does what
 * {@link ResponseFacade#addHeader(String, String)} does for such a header: nothing once the
 * application is done with the response ({@link Response#isAppCommitted()}: committed, or after
 * {@code sendError}), and it leaves {@code Content-Type} and {@code Content-Length}, which Tomcat
 * keeps apart, to the Servlet API. Wrappers between the
 * caller and the facade are passed only if they do not override {@code addHeader} or say that
 * they pass the header ({@link PassesEncodedHeaders}), so none that watches the headers added
 * through it misses one; nor is Tomcat's include wrapper, whose {@code addHeader} ignores a header
 * added inside an include.
 */
final class TomcatHeaderBytes {

	/** Whether a wrapper class overrides {@code addHeader(String, String)}. */
	private static final ClassValue<Boolean> SEES_ADDED_HEADERS = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			for (Class<?> c = type; c != null && c != ServletResponseWrapper.class; c = c.getSuperclass()) {
				if (c == jakarta.servlet.http.HttpServletResponseWrapper.class) {
					return false;
				}
				try {
					c.getDeclaredMethod("addHeader", String.class, String.class);
					return true;
				}
				catch (NoSuchMethodException ex) {
					// not this class: its superclass
				}
			}
			return true;
		}

	};

	/** The protocol Tomcat gives every HTTP/2 stream's request, the upgraded first one too. */
	private static final String HTTP_2 = "HTTP/2.0";

	private final VarHandle facadeResponse;

	private TomcatHeaderBytes(VarHandle facadeResponse) {
		this.facadeResponse = facadeResponse;
	}

	static TomcatHeaderBytes create() throws ReflectiveOperationException {
		VarHandle facadeResponse = MethodHandles.privateLookupIn(ResponseFacade.class, MethodHandles.lookup())
			.findVarHandle(ResponseFacade.class, "response", Response.class);
		// the methods used below, looked up now so that a Tomcat without them is found here, once,
		// and the bytes are never tried, rather than failing on every response
		Response.class.getMethod("getCoyoteResponse");
		Response.class.getMethod("isAppCommitted");
		org.apache.coyote.Response.class.getMethod("getMimeHeaders");
		org.apache.coyote.Response.class.getMethod("getRequest");
		org.apache.coyote.Request.class.getMethod("protocol");
		MessageBytes.class.getMethod("equals", String.class);
		MimeHeaders.class.getMethod("addValue", String.class);
		MimeHeaders.class.getMethod("getName", int.class);
		MessageBytes.class.getMethod("setBytes", byte[].class, int.class, int.class);
		return new TomcatHeaderBytes(facadeResponse);
	}

	boolean add(HttpServletResponse response, EncodedHeader header) {
		if (header.keptApart()) {
			return false;
		}
		ServletResponse current = response;
		while (current instanceof ServletResponseWrapper wrapper) {
			if (wrapper instanceof PassesEncodedHeaders passing) {
				if (!passing.passes(header)) {
					return false;
				}
			}
			else if (SEES_ADDED_HEADERS.get(wrapper.getClass())) {
				return false;
			}
			current = wrapper.getResponse();
		}
		if (!(current instanceof ResponseFacade facade)) {
			return false;
		}
		Response tomcat = (Response) this.facadeResponse.get(facade);
		if (tomcat == null) {
			// a recycled facade: the Servlet API says so
			return false;
		}
		// as the facade's addHeader: not once the application is done with the response (committed,
		// after sendError until the error page's dispatch), which the connector may not know yet
		if (tomcat.isAppCommitted()) {
			return true;
		}
		org.apache.coyote.Response coyote = tomcat.getCoyoteResponse();
		org.apache.coyote.Request request = coyote.getRequest();
		if (request != null && request.protocol().equals(HTTP_2)) {
			// Tomcat's HPACK encoder reads every field as text: bytes would be decoded anew for
			// every response (the name twice), where text costs nothing
			return false;
		}
		MimeHeaders headers = coyote.getMimeHeaders();
		MessageBytes value = headers.addValue(header.name());
		copy(header.nameBytes(), headers.getName(headers.size() - 1));
		copy(header.valueBytes(), value);
		return true;
	}

	/**
	 * Sets a header field's name or value to a copy of bytes, in the buffer Tomcat keeps for the
	 * field (its header fields and their buffers are reused from response to response, so once
	 * they are large enough nothing is allocated). Never the bytes themselves: Tomcat writes
	 * into a field's buffer when it reuses the field ({@code setLong} for a Content-Length, for
	 * one), which would overwrite the header for every response after.
	 */
	private static void copy(byte[] bytes, MessageBytes field) {
		byte[] buffer = field.getByteChunk().getBuffer();
		if (buffer == null || buffer.length < bytes.length) {
			buffer = new byte[bytes.length];
		}
		System.arraycopy(bytes, 0, buffer, 0, bytes.length);
		field.setBytes(buffer, 0, bytes.length);
	}

}
