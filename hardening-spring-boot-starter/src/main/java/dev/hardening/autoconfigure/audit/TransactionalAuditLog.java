package dev.hardening.autoconfigure.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;

import javax.sql.DataSource;

import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.AuditLog;
import dev.hardening.audit.AuditWriteException;
import dev.hardening.audit.JdbcAuditLog;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The jdbc sink: {@link JdbcAuditLog} in the transaction the audited call runs in, when there is
 * one (so the event is stored if and only if the call's writes are), else in one of its own.
 */
final class TransactionalAuditLog implements AuditLog {

	private final DataSource dataSource;

	private final JdbcAuditLog log;

	private final @Nullable AuditTransactions transactions;

	TransactionalAuditLog(DataSource dataSource, JdbcAuditLog log, @Nullable AuditTransactions transactions) {
		this.dataSource = dataSource;
		this.log = log;
		this.transactions = transactions;
	}

	/** The transactions audited calls share with their events, {@code null} without a transaction manager. */
	@Nullable AuditTransactions transactions() {
		return this.transactions;
	}

	JdbcAuditLog jdbc() {
		return this.log;
	}

	@Override
	public void record(AuditEvent event) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			this.log.record(event);
			return;
		}
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			// a failed append must not spoil the transaction for a fail-open caller (PostgreSQL
			// refuses every later statement of a transaction with a failed one)
			Savepoint savepoint = connection.setSavepoint();
			try {
				this.log.append(connection, event);
				connection.releaseSavepoint(savepoint);
			}
			catch (SQLException ex) {
				connection.rollback(savepoint);
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new AuditWriteException("Could not append to the audit chain in the current transaction", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

}
