package dev.hardening.autoconfigure.error;

import dev.hardening.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
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

	/**
	 * Creates a handler.
	 * @param factory makes the problems
	 */
	public UpstreamExceptionHandler(ProblemFactory factory) {
		this.factory = factory;
	}

	/**
	 * Answers an unreachable or slow upstream, or one that answered with an error.
	 * @param ex the exception
	 * @param request the request
	 * @return the problem response
	 */
	@ExceptionHandler({ ResourceAccessException.class, RestClientResponseException.class })
	public ResponseEntity<ProblemDetail> handleUpstreamFailure(Exception ex, HttpServletRequest request) {
		ApiException problem = UpstreamFailures.translate(ex);
		if (problem == null) {
			// an upstream 4xx the application did not expect is its own bug
			FailureLog.unexpected(request, ex);
			return ResponseEntity.status(500)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(this.factory.createInternal(500, ex));
		}
		int status = problem.errorCode().status();
		FailureLog.reported(request, status, problem);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(this.factory.create(problem));
	}

}
