package dev.hardening.autoconfigure.error;

import java.io.IOException;

import dev.hardening.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Answers a failed outbound call that a controller let through with a {@code 502} or {@code 504}
 * problem instead of a {@code 500} (see {@link UpstreamFailures}). Any {@code @ExceptionHandler}
 * of the application for these exceptions comes first.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class UpstreamExceptionHandler {

	private final ProblemFactory factory;

	private final @Nullable ErrorPages pages;

	/**
	 * Creates a handler that answers every client with the problem.
	 * @param factory makes the problems
	 */
	public UpstreamExceptionHandler(ProblemFactory factory) {
		this(factory, null);
	}

	/**
	 * Creates a handler.
	 * @param factory makes the problems
	 * @param pages hands clients that prefer HTML to the error page, or {@code null} to answer
	 * every client with the problem
	 */
	public UpstreamExceptionHandler(ProblemFactory factory, @Nullable ErrorPages pages) {
		this.factory = factory;
		this.pages = pages;
	}

	/**
	 * Answers an unreachable or slow upstream, or one that answered with an error; a client that
	 * prefers HTML gets the application's error page for the status.
	 * @param ex the exception
	 * @param request the request
	 * @param response the response
	 * @return the problem response, or {@code null} when the error page answers
	 * @throws IOException if handing the error to the error page fails
	 */
	@ExceptionHandler({ ResourceAccessException.class, RestClientResponseException.class })
	public @Nullable ResponseEntity<ProblemDetail> handleUpstreamFailure(Exception ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		ApiException translated = UpstreamFailures.translate(ex);
		ProblemDetail problem;
		if (translated == null) {
			// an upstream 4xx the application did not expect is its own bug
			FailureLog.unexpected(request, ex);
			problem = this.factory.createInternal(500, ex);
		}
		else {
			FailureLog.reported(request, translated.errorCode().status(), translated);
			problem = this.factory.create(translated);
		}
		if (this.pages != null && this.pages.handOff(request, response, problem, HttpHeaders.EMPTY)) {
			return null;
		}
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
