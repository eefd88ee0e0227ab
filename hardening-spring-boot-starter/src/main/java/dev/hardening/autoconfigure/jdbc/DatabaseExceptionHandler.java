package dev.hardening.autoconfigure.jdbc;

import java.time.Duration;
import java.util.Map;

import dev.hardening.autoconfigure.error.ApiExceptionHandler;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.error.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers the database failures a client can do nothing about but wait: no connection in time
 * (the pool is exhausted, or the database is down, shutting down or out of connection slots),
 * whether at a statement or at the begin of a transaction, is a {@code 503} problem
 * {@code DATABASE_UNAVAILABLE} with {@code Retry-After}; a statement cancelled by its timeout is a
 * {@code 504} problem {@code DATABASE_TIMEOUT}. Which is which is decided by the SQLSTATE (see
 * {@link DatabaseFailure}); a failure of the exception types handled here that is neither, such
 * as a value too long for its index, is passed on unanswered and becomes the {@code 500} any
 * unexpected failure is. Answered as the {@link ApiException}s they become, so they are written
 * and logged like any other problem.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 10)
public class DatabaseExceptionHandler {

	private final ApiExceptionHandler problems;

	private final Duration retryAfter;

	/**
	 * Creates a handler.
	 * @param problems answers the problems
	 * @param retryAfter the Retry-After of {@code DATABASE_UNAVAILABLE}
	 */
	public DatabaseExceptionHandler(ApiExceptionHandler problems, Duration retryAfter) {
		this.problems = problems;
		this.retryAfter = retryAfter;
	}

	/**
	 * Answers a failure to get a connection or a statement past its timeout.
	 * @param ex the failure
	 * @param request the request
	 * @return the problem response
	 * @throws Exception the failure itself, when it is neither
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
			QueryTimeoutException.class, CannotCreateTransactionException.class })
	public ResponseEntity<ProblemDetail> unavailable(Exception ex, HttpServletRequest request) throws Exception {
		DatabaseFailure failure = (ex instanceof QueryTimeoutException) ? DatabaseFailure.TIMEOUT
				: DatabaseFailure.of(ex);
		return switch (failure) {
			case UNAVAILABLE -> this.problems.handleApiException(UnavailableException.of(ErrorCode.DATABASE_UNAVAILABLE,
					"The database is not available right now; try again shortly.", this.retryAfter, ex), request);
			case TIMEOUT -> this.problems.handleApiException(timeout(ex), request);
			case CONFLICT -> this.problems.handleApiException(DatabaseConflictHandler.conflict(ex), request);
			// the request's own data or a bug: retrying would fail again, so no 503 and no Retry-After
			case OTHER -> throw ex;
		};
	}

	private static ApiException timeout(Exception ex) {
		return new ApiException(ErrorCode.DATABASE_TIMEOUT, "The database did not answer in time.", Map.of(), ex);
	}

}
