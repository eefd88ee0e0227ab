package dev.hardening.autoconfigure.error;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.hardening.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem response directly, for servlet filters that must answer before Spring MVC
 * (rate limiting, trusted hosts, body limits) or after it has given up. The body is the same as
 * the one Spring MVC writes for a {@link ProblemDetail}, completed by the {@link ProblemFactory}.
 * A client that prefers HTML is handed to the application's error page instead (see
 * {@link ErrorPages}), with the same status and headers.
 */
public final class ProblemResponseWriter {

	private final ProblemFactory factory;

	private final JsonMapper jsonMapper;

	private final @Nullable ErrorPages pages;

	/**
	 * Creates a writer that answers every client with the problem.
	 * @param factory completes the problems before they are written
	 * @param jsonMapper serializes them; it must know Spring's {@code ProblemDetailJacksonMixin},
	 * as Spring Boot's {@code JsonMapper} does
	 */
	public ProblemResponseWriter(ProblemFactory factory, JsonMapper jsonMapper) {
		this(factory, jsonMapper, null);
	}

	/**
	 * Creates a writer that hands clients that prefer HTML to the error page.
	 * @param factory completes the problems before they are written
	 * @param jsonMapper serializes them; it must know Spring's {@code ProblemDetailJacksonMixin},
	 * as Spring Boot's {@code JsonMapper} does
	 * @param pages the content negotiation of errors, or {@code null} to answer every client with
	 * the problem
	 */
	public ProblemResponseWriter(ProblemFactory factory, JsonMapper jsonMapper, @Nullable ErrorPages pages) {
		this.factory = factory;
		this.jsonMapper = jsonMapper;
		this.pages = pages;
	}

	/**
	 * Refuses a request with the problem for an error code, through a writer if there is one, or
	 * else with the container's error page for its status ({@code hardening.errors.enabled=false}),
	 * unless the response is committed.
	 * @param writer the writer, or {@code null} if problem details are off
	 * @param request the request
	 * @param response the response
	 * @param code the error code
	 * @param detail the explanation shown to the client
	 * @throws IOException if writing fails
	 */
	public static void refuse(@Nullable ProblemResponseWriter writer, HttpServletRequest request,
			HttpServletResponse response, ErrorCode code, String detail) throws IOException {
		if (writer != null) {
			writer.write(request, response, code, detail);
		}
		else if (!response.isCommitted()) {
			response.sendError(code.status(), detail);
		}
	}

	/**
	 * Answers the request with a problem for an error code, or, for a client that prefers HTML,
	 * with the application's error page for its status.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param code the error code
	 * @param detail the explanation shown to the client, or {@code null}
	 * @return {@code true} if the problem was written or handed to the error page, {@code false} if
	 * the response was already committed
	 * @throws IOException if writing fails
	 */
	public boolean write(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
			@Nullable String detail) throws IOException {
		return write(request, response, this.factory.create(code, detail));
	}

	/**
	 * Answers the request with a problem, or, for a client that prefers HTML, with the
	 * application's error page for its status. Headers already set on the response are kept; any
	 * buffered body is discarded.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param problem the problem, completed with code, request ID and instance before it is written
	 * @return {@code true} if the problem was written or handed to the error page, {@code false} if
	 * the response was already committed
	 * @throws IOException if writing fails
	 */
	public boolean write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		if (this.pages != null && this.pages.handOff(request, response, problem, HttpHeaders.EMPTY)) {
			return true;
		}
		return writeProblem(request, response, problem);
	}

	/**
	 * Answers the request with a problem for an error code whatever the client accepts: for the
	 * container's own error reports, which come after any error page could have answered.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param code the error code
	 * @param detail the explanation shown to the client, or {@code null}
	 * @return {@code true} if the problem was written, {@code false} if the response was already
	 * committed
	 * @throws IOException if writing fails
	 */
	public boolean writeProblem(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
			@Nullable String detail) throws IOException {
		return writeProblem(request, response, this.factory.create(code, detail));
	}

	/**
	 * Answers the request with the problem whatever the client accepts: for the container's own
	 * error reports, which come after any error page could have answered.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param problem the problem, completed with code, request ID and instance before it is written
	 * @return {@code true} if the problem was written, {@code false} if the response was already
	 * committed
	 * @throws IOException if writing fails
	 */
	public boolean writeProblem(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
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
