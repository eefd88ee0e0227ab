package dev.hardening.autoconfigure.error;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.hardening.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Answers an {@link ApiException} thrown by a controller with its problem, or, for a client that
 * prefers HTML, with the application's error page (see {@link ErrorPages}). Kept apart from
 * {@link ProblemExceptionHandler} so it works even when the application brings its own
 * {@code ResponseEntityExceptionHandler}.
 */
@ControllerAdvice
public class ApiExceptionHandler {

	private final ProblemFactory factory;

	private final @Nullable ErrorPages pages;

	/**
	 * Creates a handler that answers every client with the problem.
	 * @param factory makes the problems
	 */
	public ApiExceptionHandler(ProblemFactory factory) {
		this(factory, null);
	}

	/**
	 * Creates a handler.
	 * @param factory makes the problems
	 * @param pages hands clients that prefer HTML to the error page, or {@code null} to answer
	 * every client with the problem
	 */
	public ApiExceptionHandler(ProblemFactory factory, @Nullable ErrorPages pages) {
		this.factory = factory;
		this.pages = pages;
	}

	/**
	 * Answers the exception with its problem; a 5xx one is also logged, with its cause.
	 * @param ex the exception
	 * @param request the request
	 * @param response the response
	 * @return the problem response, or {@code null} when the error page answers
	 * @throws IOException if handing the error to the error page fails
	 */
	@ExceptionHandler
	public @Nullable ResponseEntity<ProblemDetail> handleApiException(ApiException ex, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		int status = ex.errorCode().status();
		if (status >= 500) {
			FailureLog.reported(request, status, ex);
		}
		HttpHeaders headers = this.factory.headers(ex);
		ProblemDetail problem = this.factory.create(ex);
		if (this.pages != null && this.pages.handOff(request, response, problem, headers)) {
			return null;
		}
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/**
	 * Answers the exception with its problem, for other handlers that turn their exceptions into
	 * an {@link ApiException}; the response is the current request's.
	 * @param ex the exception
	 * @param request the request
	 * @return the problem response, or {@code null} when the error page answers
	 * @throws UncheckedIOException if handing the error to the error page fails
	 */
	public @Nullable ResponseEntity<ProblemDetail> handleApiException(ApiException ex, HttpServletRequest request) {
		HttpServletResponse response = (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes
				attributes) ? attributes.getResponse() : null;
		if (response == null) {
			int status = ex.errorCode().status();
			if (status >= 500) {
				FailureLog.reported(request, status, ex);
			}
			return ResponseEntity.status(status)
				.headers(this.factory.headers(ex))
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(this.factory.create(ex));
		}
		try {
			return handleApiException(ex, request, response);
		}
		catch (IOException failure) {
			throw new UncheckedIOException(failure);
		}
	}

}
