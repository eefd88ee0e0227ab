package dev.hardening.autoconfigure.deadline;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.deadline.DeadlineExceededException;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import org.postgresql.jdbc.PgStatement;

import org.springframework.util.ClassUtils;

/**
 * Gives each statement run during a request at most the time its deadline has left, as its query
 * timeout, unless the statement already has a shorter one; the driver cancels the statement on the
 * server when it runs over. PostgreSQL's driver takes the timeout in milliseconds; other drivers in
 * whole seconds, rounded up, as JDBC counts them. A statement whose request is already out of time
 * is not sent.
 */
final class DeadlineStatementTimeouts implements QueryExecutionListener {

	private static final boolean POSTGRES_PRESENT = ClassUtils.isPresent("org.postgresql.jdbc.PgStatement",
			DeadlineStatementTimeouts.class.getClassLoader());

	@Override
	public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.current();
		if (deadline == null) {
			return;
		}
		long left = deadline.remainingNanos();
		if (left <= 0) {
			throw new DeadlineExceededException("The request's deadline passed before a database statement could run.");
		}
		Statement statement = execution.getStatement();
		try {
			if (!(POSTGRES_PRESENT && PostgresTimeouts.apply(statement, left))) {
				applyInSeconds(statement, left);
			}
		}
		catch (SQLException ex) {
			// a driver without query timeouts: the statement runs as it would have
		}
	}

	private static void applyInSeconds(Statement statement, long leftNanos) throws SQLException {
		int seconds = (int) Math.min(Integer.MAX_VALUE, (leftNanos + 999_999_999L) / 1_000_000_000L);
		int current = statement.getQueryTimeout();
		if (current == 0 || seconds < current) {
			statement.setQueryTimeout(seconds);
		}
	}

	@Override
	public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
	}

	/** Loaded only when PostgreSQL's driver is on the class path. */
	private static final class PostgresTimeouts {

		static boolean apply(Statement statement, long leftNanos) throws SQLException {
			if (!statement.isWrapperFor(PgStatement.class)) {
				return false;
			}
			PgStatement postgres = statement.unwrap(PgStatement.class);
			long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos + 999_999L));
			long current = postgres.getQueryTimeoutMs();
			if (current == 0 || millis < current) {
				postgres.setQueryTimeoutMs(millis);
			}
			return true;
		}

	}

}
