package dev.hardening.autoconfigure.jdbc;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;

import dev.hardening.autoconfigure.error.ApiExceptionHandler;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.error.UnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers the database failures a client can do nothing about but wait: no connection in time
 * (the pool is exhausted, or the database is down) is a {@code 503} problem
 * {@code DATABASE_UNAVAILABLE} with {@code Retry-After}; a statement cancelled by its timeout is a
 * {@code 504} problem {@code DATABASE_TIMEOUT}. Answered as the {@link ApiException}s they become,
 * so they are written and logged like any other problem.
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
	 * Answers a failure to get a connection.
	 * @param ex the failure
	 * @param request the request
	 * @return the problem response
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessResourceException.class })
	public ResponseEntity<ProblemDetail> unavailable(Exception ex, HttpServletRequest request) {
		ApiException problem = timedOut(ex) ? timeout(ex)
				: UnavailableException.of(ErrorCode.DATABASE_UNAVAILABLE,
						"The database is not available right now; try again shortly.", this.retryAfter, ex);
		return this.problems.handleApiException(problem, request);
	}

	/**
	 * Answers a statement cancelled by its timeout.
	 * @param ex the failure
	 * @param request the request
	 * @return the problem response
	 */
	@ExceptionHandler(QueryTimeoutException.class)
	public ResponseEntity<ProblemDetail> timedOut(QueryTimeoutException ex, HttpServletRequest request) {
		return this.problems.handleApiException(timeout(ex), request);
	}

	private static ApiException timeout(Exception ex) {
		return new ApiException(ErrorCode.DATABASE_TIMEOUT, "The database did not answer in time.",
				java.util.Map.of(), ex);
	}

	private static boolean timedOut(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTimeoutException || "57014".equals(state(cause))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static @Nullable String state(Throwable failure) {
		return (failure instanceof SQLException sql) ? sql.getSQLState() : null;
	}

}
