package dev.hardening.autoconfigure.error;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.hardening.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem response directly, for servlet filters that must answer before Spring MVC
 * (rate limiting, trusted hosts, body limits) or after it has given up. The body is the same as
 * the one Spring MVC writes for a {@link ProblemDetail}, completed by the {@link ProblemFactory}.
 */
public final class ProblemResponseWriter {

	private final ProblemFactory factory;

	private final JsonMapper jsonMapper;

	/**
	 * Creates a writer.
	 * @param factory completes the problems before they are written
	 * @param jsonMapper serializes them; it must know Spring's {@code ProblemDetailJacksonMixin},
	 * as Spring Boot's {@code JsonMapper} does
	 */
	public ProblemResponseWriter(ProblemFactory factory, JsonMapper jsonMapper) {
		this.factory = factory;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Answers the request with a problem for an error code.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param code the error code
	 * @param detail the explanation shown to the client, or {@code null}
	 * @return {@code true} if the problem was written, {@code false} if the response was already
	 * committed
	 * @throws IOException if writing fails
	 */
	public boolean write(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
			@Nullable String detail) throws IOException {
		return write(request, response, this.factory.create(code, detail));
	}

	/**
	 * Answers the request with a problem. Headers already set on the response are kept; any
	 * buffered body is discarded.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param problem the problem, completed with code, request ID and instance before it is written
	 * @return {@code true} if the problem was written, {@code false} if the response was already
	 * committed
	 * @throws IOException if writing fails
	 */
	public boolean write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		if (response.isCommitted()) {
			return false;
		}
		this.factory.complete(problem, request);
		byte[] body = this.jsonMapper.writeValueAsBytes(problem);
		response.resetBuffer();
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		try {
			response.getOutputStream().write(body);
		}
		catch (IllegalStateException ex) {
			// the failed handler had already taken the writer
			response.getWriter().write(new String(body, StandardCharsets.UTF_8));
		}
		response.flushBuffer();
		return true;
	}

}
