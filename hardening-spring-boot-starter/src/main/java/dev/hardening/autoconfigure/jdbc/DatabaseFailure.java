package dev.hardening.autoconfigure.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * What a database failure means for the client, decided by the SQLSTATE (and the JDBC type) of
 * the first SQL exception among its causes that says something, never by the Spring exception
 * it was translated into: Spring files {@code 54000} (a value too long for its index) with the
 * connection failures, under "resource failure", and a client told to retry such a request
 * would fail every time.
 */
enum DatabaseFailure {

	/**
	 * No connection: none in time from the pool, the database refused or lost it ({@code 08xxx}),
	 * is shutting down or starting ({@code 57P01}, {@code 57P02}, {@code 57P03}), or has no
	 * connection slot left ({@code 53300}). Worth retrying later.
	 */
	UNAVAILABLE,

	/** A statement cancelled by its timeout ({@code 57014}). */
	TIMEOUT,

	/**
	 * The transaction lost to a concurrent one and was rolled back: a serialization failure
	 * ({@code 40001}) or a deadlock ({@code 40P01}). Sending the request again may succeed.
	 */
	CONFLICT,

	/** Anything else: the request's own data, a bug, a full disk. Retrying will not help. */
	OTHER;

	/**
	 * Classifies a failure.
	 * @param failure the failure, with its causes
	 * @return what it means
	 */
	static DatabaseFailure of(Throwable failure) {
		int depth = 0;
		for (Throwable cause = failure; cause != null && depth < 32; cause = cause.getCause(), depth++) {
			if (cause instanceof CannotGetJdbcConnectionException) {
				// a connection could not be had, whatever the pool or driver said about why
				return UNAVAILABLE;
			}
			if (cause instanceof SQLException sql) {
				DatabaseFailure classified = of(sql);
				if (classified != null) {
					return classified;
				}
			}
		}
		return OTHER;
	}

	/** The meaning of one SQL exception, or {@code null} if it says nothing and its cause may. */
	private static @Nullable DatabaseFailure of(SQLException ex) {
		if (ex instanceof SQLTimeoutException) {
			return TIMEOUT;
		}
		if (ex instanceof SQLTransientConnectionException || ex instanceof SQLNonTransientConnectionException) {
			// HikariCP's "Connection is not available, request timed out" among them
			return UNAVAILABLE;
		}
		String state = ex.getSQLState();
		if (state == null || state.length() != 5) {
			return null;
		}
		if (state.startsWith("08")) {
			return UNAVAILABLE;
		}
		return switch (state) {
			case "57P01", "57P02", "57P03", "53300" -> UNAVAILABLE;
			case "57014" -> TIMEOUT;
			case "40001", "40P01" -> CONFLICT;
			default -> OTHER;
		};
	}

}
