package dev.hardening.autoconfigure.error;

import dev.hardening.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers an {@link ApiException} thrown by a controller with its problem. Kept apart from
 * {@link ProblemExceptionHandler} so it works even when the application brings its own
 * {@code ResponseEntityExceptionHandler}.
 */
@ControllerAdvice
public class ApiExceptionHandler {

	private final ProblemFactory factory;

	/**
	 * Creates a handler.
	 * @param factory makes the problems
	 */
	public ApiExceptionHandler(ProblemFactory factory) {
		this.factory = factory;
	}

	/**
	 * Answers the exception with its problem; a 5xx one is also logged, with its cause.
	 * @param ex the exception
	 * @param request the request
	 * @return the problem response
	 */
	@ExceptionHandler
	public ResponseEntity<ProblemDetail> handleApiException(ApiException ex, HttpServletRequest request) {
		int status = ex.errorCode().status();
		if (status >= 500) {
			FailureLog.reported(request, status, ex);
		}
		return ResponseEntity.status(status)
			.headers(this.factory.headers(ex))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(this.factory.create(ex));
	}

}
