package dev.hardening.autoconfigure.deadline;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.hardening.deadline.DeadlineExceededException;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

/**
 * Gives each statement run during a request at most the time its deadline has left, as its JDBC
 * query timeout (whole seconds, rounded up, as JDBC counts them), unless the statement already has
 * a shorter one; the driver cancels the statement on the server when it runs over. A statement
 * whose request is already out of time is not sent.
 */
final class DeadlineStatementTimeouts implements QueryExecutionListener {

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
		int seconds = (int) Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L);
		Statement statement = execution.getStatement();
		try {
			int current = statement.getQueryTimeout();
			if (current == 0 || seconds < current) {
				statement.setQueryTimeout(seconds);
			}
		}
		catch (SQLException ex) {
			// a driver without query timeouts: the statement runs as it would have
		}
	}

	@Override
	public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
	}

}
