package dev.hardening.autoconfigure.jdbc;

import java.util.Map;

import dev.hardening.autoconfigure.error.ApiExceptionHandler;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers a transaction that lost to a concurrent one, a serialization failure ({@code 40001}) or
 * a deadlock ({@code 40P01}), with a {@code 409} problem {@code DATABASE_CONFLICT}: the transaction
 * was rolled back, and sending the request again may succeed. Not a {@code 503}: the database is
 * there, and a {@code 503} would count against circuit breakers and alerts meant for outages.
 * Other locking failures (a lock not available in time) pass on unanswered. Ordered last, so that
 * any {@code @ExceptionHandler} of the application for these exceptions comes first.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class DatabaseConflictHandler {

	private final ApiExceptionHandler problems;

	/**
	 * Creates a handler.
	 * @param problems answers the problems
	 */
	public DatabaseConflictHandler(ApiExceptionHandler problems) {
		this.problems = problems;
	}

	/**
	 * Answers a serialization failure or a deadlock.
	 * @param ex the failure
	 * @param request the request
	 * @return the problem response
	 * @throws PessimisticLockingFailureException the failure itself, when it is neither
	 */
	@ExceptionHandler(PessimisticLockingFailureException.class)
	public ResponseEntity<ProblemDetail> conflict(PessimisticLockingFailureException ex, HttpServletRequest request) {
		if (DatabaseFailure.of(ex) != DatabaseFailure.CONFLICT) {
			throw ex;
		}
		return this.problems.handleApiException(conflict(ex), request);
	}

	static ApiException conflict(Exception ex) {
		return new ApiException(ErrorCode.DATABASE_CONFLICT,
				"The request conflicted with a concurrent one and was rolled back; it can be sent again.", Map.of(), ex);
	}

}
