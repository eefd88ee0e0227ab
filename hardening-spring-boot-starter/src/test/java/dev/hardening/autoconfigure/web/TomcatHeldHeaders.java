package dev.hardening.autoconfigure.web;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * How Tomcat holds a response's headers, for tests that check whether a header went in as bytes
 * ({@code MessageBytes.T_BYTES}) or as text ({@code T_STR}): read from its header list through
 * the {@link ResponseFacade} under any wrappers.
 */
final class TomcatHeldHeaders {

	private static final VarHandle FACADE_RESPONSE;

	static {
		try {
			FACADE_RESPONSE = MethodHandles.privateLookupIn(ResponseFacade.class, MethodHandles.lookup())
				.findVarHandle(ResponseFacade.class, "response", Response.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private TomcatHeldHeaders() {
	}

	/**
	 * The response's header names, as Tomcat has them, each with the type of its (last) value.
	 * @param response the response, Tomcat's under any wrappers
	 * @return the names and {@code MessageBytes} types
	 */
	static Map<String, Integer> of(ServletResponse response) {
		ServletResponse container = response;
		while (container instanceof ServletResponseWrapper wrapper) {
			container = wrapper.getResponse();
		}
		MimeHeaders headers = ((Response) FACADE_RESPONSE.get(container)).getCoyoteResponse().getMimeHeaders();
		Map<String, Integer> held = new LinkedHashMap<>();
		for (int i = 0; i < headers.size(); i++) {
			held.put(headers.getName(i).toString(), headers.getValue(i).getType());
		}
		return held;
	}

}
