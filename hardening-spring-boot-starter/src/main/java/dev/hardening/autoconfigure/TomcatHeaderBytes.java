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
 * {@link ResponseFacade} (its {@code response} field, read with a handle made once) and adds or
 * sets the header's name and value in it as bytes, copied into the buffers Tomcat keeps for its
 * header fields, which HTTP/1.1 writes as they are. Not over HTTP/2, whose HPACK encoder reads each
 * field as text, decoding bytes for every response. It does what
 * {@link ResponseFacade#addHeader(String, String)} and {@code setHeader} do for such a header:
 * nothing once the application is done with the response ({@link Response#isAppCommitted()}:
 * committed, or after {@code sendError}), and it leaves {@code Content-Type} and
 * {@code Content-Length}, which Tomcat keeps apart, to the Servlet API. Wrappers between the caller
 * and the facade are passed only if they do not override {@code addHeader} (or {@code setHeader},
 * to set one) or say that they pass the header ({@link PassesEncodedHeaders}, answered by the class
 * that overrides them or one of its subclasses), so none that watches the headers added through it
 * misses one; nor is Tomcat's include wrapper, whose methods ignore a header added inside an
 * include.
 */
final class TomcatHeaderBytes {

	/** How a header added beneath a wrapper of this class reaches the response. */
	private static final ClassValue<Passage> ADDING = new PassageOf("addHeader");

	/** How a header set beneath a wrapper of this class reaches the response. */
	private static final ClassValue<Passage> SETTING = new PassageOf("setHeader");

	/** Whether a wrapper class overrides {@code containsHeader(String)}. */
	private static final ClassValue<Boolean> ANSWERS_CONTAINS = new Overrides("containsHeader", String.class);

	/** Whether a wrapper class overrides {@code getHeader(String)}. */
	private static final ClassValue<Boolean> ANSWERS_GET = new Overrides("getHeader", String.class);

	/** What {@link #headers} answers for a response that ignores headers now, as Tomcat's does. */
	private static final MimeHeaders IGNORED = new MimeHeaders();

	/** The protocol Tomcat gives every HTTP/2 stream's request, the upgraded first one too. */
	private static final String HTTP_2 = "HTTP/2.0";

	/**
	 * The facade's {@code response} field; a constant, so that the JIT reads the field as it would
	 * a field of ours (a handle kept in an instance field is checked on every use).
	 */
	private static final VarHandle FACADE_RESPONSE = facadeResponse();

	private TomcatHeaderBytes() {
	}

	/**
	 * Makes sure Tomcat is as this class expects it.
	 * @throws ReflectiveOperationException if a method used is not there
	 * @throws ExceptionInInitializerError if the facade's field is not (a {@link LinkageError})
	 */
	static TomcatHeaderBytes create() throws ReflectiveOperationException {
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
		return new TomcatHeaderBytes();
	}

	private static VarHandle facadeResponse() {
		try {
			return MethodHandles.privateLookupIn(ResponseFacade.class, MethodHandles.lookup())
				.findVarHandle(ResponseFacade.class, "response", Response.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("No response field in Tomcat's ResponseFacade", ex);
		}
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
		MimeHeaders headers = headers(response, name, ADDING);
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
		MimeHeaders headers = headers(response, name, SETTING);
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
	 * Adds each of these headers that the response lacks, as {@code containsHeader} and then
	 * {@code addHeader} for each in turn would, with one walk of the wrappers and one look at the
	 * response; nothing if the response has a header named {@code unless}, as
	 * {@code getHeader(unless)} would find.
	 * @return {@code true} if done (or ignored, the response ignoring headers now); {@code false}
	 * if nothing was added: the response has {@code unless}, or the Servlet API must do it
	 */
	boolean addMissing(HttpServletResponse response, EncodedHeader[] headers, EncodedHeaderName unless) {
		for (EncodedHeader header : headers) {
			if (header.encodedName().keptApart()) {
				return false;
			}
		}
		ServletResponse current = response;
		while (current instanceof ServletResponseWrapper wrapper) {
			Class<?> type = wrapper.getClass();
			if (ANSWERS_CONTAINS.get(type) || ANSWERS_GET.get(type)) {
				return false;
			}
			Passage passage = ADDING.get(type);
			if (passage == Passage.STOP) {
				return false;
			}
			if (passage == Passage.ASK) {
				for (EncodedHeader header : headers) {
					if (!((PassesEncodedHeaders) wrapper).passes(header.name())) {
						return false;
					}
				}
			}
			current = wrapper.getResponse();
		}
		MimeHeaders fields = fields(current);
		if (fields == null) {
			return false;
		}
		if (fields == IGNORED) {
			return true;
		}
		if (fields.getValue(unless.name()) != null) {
			return false;
		}
		for (EncodedHeader header : headers) {
			// the list as it is now, so that of two headers of one name only the first is added
			if (fields.getValue(header.name()) == null) {
				copy(header.valueBytes(), newField(fields, header.encodedName()));
			}
		}
		return true;
	}

	/**
	 * The header list a header of this name may go into as bytes; {@link #IGNORED} if the
	 * response ignores headers now, as Tomcat's facade would; {@code null} if it must go through
	 * the Servlet API.
	 */
	private @Nullable MimeHeaders headers(HttpServletResponse response, EncodedHeaderName name,
			ClassValue<Passage> passages) {
		if (name.keptApart()) {
			return null;
		}
		ServletResponse current = response;
		while (current instanceof ServletResponseWrapper wrapper) {
			Passage passage = passages.get(wrapper.getClass());
			if (passage == Passage.STOP
					|| (passage == Passage.ASK && !((PassesEncodedHeaders) wrapper).passes(name.name()))) {
				return null;
			}
			current = wrapper.getResponse();
		}
		return fields(current);
	}

	/**
	 * The header list of the response beneath the wrappers, if it is Tomcat's: {@link #IGNORED} if
	 * it ignores headers now, {@code null} if headers must go through the Servlet API.
	 */
	private static @Nullable MimeHeaders fields(ServletResponse response) {
		Response tomcat = tomcat(response);
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
	private static @Nullable Response tomcat(ServletResponse response) {
		return (response instanceof ResponseFacade facade) ? (Response) FACADE_RESPONSE.get(facade) : null;
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

	/** How a header added or set beneath a wrapper reaches the response. */
	private enum Passage {

		/** The wrapper does not look at it: on to the next. */
		ON,

		/** The wrapper says, name by name ({@link PassesEncodedHeaders#passes(String)}). */
		ASK,

		/** The wrapper looks at it: through the Servlet API. */
		STOP

	}

	/**
	 * How a header added or set ({@code addHeader} or {@code setHeader}) reaches the response
	 * beneath a wrapper class: {@link Passage#STOP} if the class, or a class it extends below the
	 * Servlet API's wrapper, overrides the method, unless it says which headers it passes
	 * ({@link PassesEncodedHeaders}), and then {@link Passage#STOP} only if a class below the one
	 * that answers {@code passes} overrides the method again (the answer it inherited was given for
	 * a method it no longer has); {@link Passage#ON} if the answer is
	 * {@link CommitAwareResponse}'s own, which passes every header but a Content-Length, which
	 * never comes this way ({@link EncodedHeaderName#keptApart()}); {@link Passage#ASK} otherwise.
	 */
	private static final class PassageOf extends ClassValue<Passage> {

		private final String method;

		private final Overrides overrides;

		PassageOf(String method) {
			this.method = method;
			this.overrides = new Overrides(method, String.class, String.class);
		}

		@Override
		protected Passage computeValue(Class<?> type) {
			if (!PassesEncodedHeaders.class.isAssignableFrom(type)) {
				return this.overrides.get(type) ? Passage.STOP : Passage.ON;
			}
			Class<?> answering = type;
			while (answering != null && !declares(answering, "passes", String.class)) {
				answering = answering.getSuperclass();
			}
			for (Class<?> c = type; c != null && c != answering; c = c.getSuperclass()) {
				if (declares(c, this.method, String.class, String.class)) {
					return Passage.STOP;
				}
			}
			return (answering == CommitAwareResponse.class) ? Passage.ON : Passage.ASK;
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
