package dev.hardening.autoconfigure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's part of {@link ResponseHeaderBytes}: reaches the response's header list through the
 * {@link ResponseFacade} (its {@code response} field, read with a handle made once, when the first
 * header is added) and adds or sets the header's name and value in it as bytes, copied into the buffers
 * Tomcat keeps for its header fields, which HTTP/1.1 writes as they are. Not over HTTP/2, whose
 * HPACK encoder reads each field as text, decoding bytes for every response. It does what
 * {@link ResponseFacade#addHeader(String, String)} and {@code setHeader} do for such a header: nothing once the
 * application is done with the response ({@link Response#isAppCommitted()}: committed, or after
 * {@code sendError}), and it leaves {@code Content-Type} and {@code Content-Length}, which Tomcat
 * keeps apart, to the Servlet API. Wrappers between the
 * caller and the facade are passed only if they do not override {@code addHeader} (or
 * {@code setHeader}, to set one) or say that
 * they pass the header ({@link PassesEncodedHeaders}, answered by the class that overrides them
 * or one of its subclasses), so none that watches the headers added
 * through it misses one; nor is Tomcat's include wrapper, whose methods ignore a header
 * added inside an include.
 */
final class TomcatHeaderBytes {

	/** Whether a wrapper class overrides {@code addHeader(String, String)}. */
	private static final ClassValue<Boolean> SEES_ADDED_HEADERS = new Overrides("addHeader", String.class, String.class);

	/** Whether a wrapper class overrides {@code setHeader(String, String)}. */
	private static final ClassValue<Boolean> SEES_SET_HEADERS = new Overrides("setHeader", String.class, String.class);

	/**
	 * Whether a wrapper class that says which headers it passes overrides {@code addHeader} below
	 * the class that says it (a subclass that inherits the answer), which is then not its answer.
	 */
	private static final ClassValue<Boolean> ADDS_BELOW_PASSES = new OverridesBelowPasses("addHeader");

	/** As {@link #ADDS_BELOW_PASSES}, for {@code setHeader}. */
	private static final ClassValue<Boolean> SETS_BELOW_PASSES = new OverridesBelowPasses("setHeader");

	/** Whether a wrapper class overrides {@code containsHeader(String)}. */
	private static final ClassValue<Boolean> ANSWERS_CONTAINS = new Overrides("containsHeader", String.class);

	/** What {@link #headers} answers for a response that ignores headers now, as Tomcat's does. */
	private static final MimeHeaders IGNORED = new MimeHeaders();

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
		MimeHeaders.class.getMethod("setValue", String.class);
		MimeHeaders.class.getMethod("getValue", String.class);
		MimeHeaders.class.getMethod("getName", int.class);
		MessageBytes.class.getMethod("setBytes", byte[].class, int.class, int.class);
		return new TomcatHeaderBytes(facadeResponse);
	}

	/** Adds a header fixed at startup, as {@code addHeader} does. */
	boolean add(HttpServletResponse response, EncodedHeader header) {
		return add(response, header.encodedName(), header.valueBytes(), null);
	}

	/** Adds a header whose value is printable ASCII, as {@code addHeader} does. */
	boolean add(HttpServletResponse response, EncodedHeaderName name, String value) {
		return add(response, name, null, value);
	}

	/** Adds a header whose value is given as bytes or, if not, as printable ASCII text. */
	private boolean add(HttpServletResponse response, EncodedHeaderName name, byte @Nullable [] bytes,
			@Nullable String text) {
		MimeHeaders headers = headers(response, name, SEES_ADDED_HEADERS, ADDS_BELOW_PASSES);
		if (headers == null) {
			return false;
		}
		if (headers != IGNORED) {
			MessageBytes field = newField(headers, name);
			if (bytes != null) {
				copy(bytes, field);
			}
			else {
				copy(Objects.requireNonNull(text), field);
			}
		}
		return true;
	}

	/**
	 * Sets a header whose value is printable ASCII, as {@code setHeader} does: into the first
	 * field of that name, the others removed, or a new field if it has none.
	 */
	boolean set(HttpServletResponse response, EncodedHeaderName name, String value) {
		MimeHeaders headers = headers(response, name, SEES_SET_HEADERS, SETS_BELOW_PASSES);
		if (headers == null) {
			return false;
		}
		if (headers != IGNORED) {
			MessageBytes field = (headers.getValue(name.name()) != null) ? headers.setValue(name.name())
					: newField(headers, name);
			copy(value, field);
		}
		return true;
	}

	/**
	 * Whether the response has a header of this name, as {@code containsHeader} answers, without
	 * what Tomcat's {@code containsHeader} also does: make text of a field held as bytes, which it
	 * then encodes again when the response commits.
	 * @return {@code null} if the Servlet API must answer
	 */
	@Nullable Boolean contains(HttpServletResponse response, EncodedHeaderName name) {
		if (name.keptApart()) {
			return null;
		}
		ServletResponse current = response;
		while (current instanceof ServletResponseWrapper wrapper) {
			if (ANSWERS_CONTAINS.get(wrapper.getClass())) {
				return null;
			}
			current = wrapper.getResponse();
		}
		Response tomcat = tomcat(current);
		return (tomcat != null) ? tomcat.getCoyoteResponse().getMimeHeaders().getValue(name.name()) != null : null;
	}

	/**
	 * The header list a header of this name may go into as bytes; {@link #IGNORED} if the
	 * response ignores headers now, as Tomcat's facade would; {@code null} if it must go through
	 * the Servlet API.
	 */
	private @Nullable MimeHeaders headers(HttpServletResponse response, EncodedHeaderName name,
			ClassValue<Boolean> seesHeaders, ClassValue<Boolean> seesBelowPasses) {
		if (name.keptApart()) {
			return null;
		}
		ServletResponse current = response;
		while (current instanceof ServletResponseWrapper wrapper) {
			if (wrapper instanceof PassesEncodedHeaders passing) {
				if (seesBelowPasses.get(wrapper.getClass()) || !passing.passes(name.name())) {
					return null;
				}
			}
			else if (seesHeaders.get(wrapper.getClass())) {
				return null;
			}
			current = wrapper.getResponse();
		}
		Response tomcat = tomcat(current);
		if (tomcat == null) {
			return null;
		}
		// as the facade's addHeader and setHeader: not once the application is done with the
		// response (committed, after sendError until the error page's dispatch), which the
		// connector may not know yet
		if (tomcat.isAppCommitted()) {
			return IGNORED;
		}
		org.apache.coyote.Response coyote = tomcat.getCoyoteResponse();
		org.apache.coyote.Request request = coyote.getRequest();
		if (request != null && request.protocol().equals(HTTP_2)) {
			// Tomcat's HPACK encoder reads every field as text: bytes would be decoded anew for
			// every response (the name twice), where text costs nothing
			return null;
		}
		return coyote.getMimeHeaders();
	}

	/**
	 * Tomcat's response beneath the wrappers, {@code null} if the response is not Tomcat's facade
	 * or the facade was recycled (the Servlet API then says so).
	 */
	private @Nullable Response tomcat(ServletResponse response) {
		return (response instanceof ResponseFacade facade) ? (Response) this.facadeResponse.get(facade) : null;
	}

	/** A new field at the end of the list, its name copied as bytes; its value to be set. */
	private static MessageBytes newField(MimeHeaders headers, EncodedHeaderName name) {
		MessageBytes value = headers.addValue(name.name());
		copy(name.bytes(), headers.getName(headers.size() - 1));
		return value;
	}

	/**
	 * Sets a header field's name or value to a copy of bytes, in the buffer Tomcat keeps for the
	 * field (its header fields and their buffers are reused from response to response, so once
	 * they are large enough nothing is allocated). Never the bytes themselves: Tomcat writes
	 * into a field's buffer when it reuses the field ({@code setLong} for a Content-Length, for
	 * one), which would overwrite the header for every response after.
	 */
	private static void copy(byte[] bytes, MessageBytes field) {
		byte[] buffer = buffer(field, bytes.length);
		System.arraycopy(bytes, 0, buffer, 0, bytes.length);
		field.setBytes(buffer, 0, bytes.length);
	}

	/** Sets a header field's value to a printable ASCII text's bytes, as {@link #copy(byte[], MessageBytes)}. */
	private static void copy(String ascii, MessageBytes field) {
		int length = ascii.length();
		byte[] buffer = buffer(field, length);
		for (int i = 0; i < length; i++) {
			buffer[i] = (byte) ascii.charAt(i);
		}
		field.setBytes(buffer, 0, length);
	}

	private static byte[] buffer(MessageBytes field, int length) {
		byte[] buffer = field.getByteChunk().getBuffer();
		return (buffer == null || buffer.length < length) ? new byte[length] : buffer;
	}

	/** Whether a class itself declares a method (not inherits it). */
	private static boolean declares(Class<?> type, String method, Class<?>... parameters) {
		try {
			type.getDeclaredMethod(method, parameters);
			return true;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	/**
	 * Whether a wrapper class that says which headers it passes, or a class it extends below the
	 * one that declares {@link PassesEncodedHeaders#passes(String)}, overrides a header method: the
	 * answer it inherited was given for a method it no longer has.
	 */
	private static final class OverridesBelowPasses extends ClassValue<Boolean> {

		private final String method;

		OverridesBelowPasses(String method) {
			this.method = method;
		}

		@Override
		protected Boolean computeValue(Class<?> type) {
			Class<?> answering = type;
			while (answering != null && !declares(answering, "passes", String.class)) {
				answering = answering.getSuperclass();
			}
			for (Class<?> c = type; c != null && c != answering; c = c.getSuperclass()) {
				if (declares(c, this.method, String.class, String.class)) {
					return true;
				}
			}
			return false;
		}

	}

	/** Whether a wrapper class, or a class it extends below the Servlet API's wrapper, overrides a method. */
	private static final class Overrides extends ClassValue<Boolean> {

		private final String method;

		private final Class<?>[] parameters;

		Overrides(String method, Class<?>... parameters) {
			this.method = method;
			this.parameters = parameters;
		}

		@Override
		protected Boolean computeValue(Class<?> type) {
			for (Class<?> c = type; c != null && c != ServletResponseWrapper.class; c = c.getSuperclass()) {
				if (c == jakarta.servlet.http.HttpServletResponseWrapper.class) {
					return false;
				}
				if (declares(c, this.method, this.parameters)) {
					return true;
				}
			}
			return true;
		}

	}

}
