package dev.hardening.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import dev.hardening.audit.AuditEvent.Outcome;
import dev.hardening.audit.JdbcAuditLog.Verification;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC audit log on a real PostgreSQL: concurrent appends form one chain; editing, deleting,
 * cutting off or reordering stored events is found, and named; an append joins the caller's
 * transaction.
 */
@ExtendWith(PostgresExtension.class)
class JdbcAuditLogTests {

	private static final AuditChain CHAIN = AuditChain.of("an audit chain key of 32 bytes!!".getBytes(StandardCharsets.UTF_8));

	private final DataSource dataSource;

	private final JdbcAuditLog log;

	JdbcAuditLogTests(TestPostgres postgres) {
		this.dataSource = postgres.dataSource();
		this.log = new JdbcAuditLog(this.dataSource, CHAIN, "default");
	}

	@BeforeEach
	void createTables() throws Exception {
		execute("DROP TABLE IF EXISTS hardening_audit_event", "DROP TABLE IF EXISTS hardening_audit_head");
		String schema = new String(Objects.requireNonNull(JdbcAuditLog.class.getResourceAsStream("schema-postgresql.sql"))
			.readAllBytes(), StandardCharsets.UTF_8);
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(schema);
		}
	}

	@Test
	void eightThreadsAppendingAThousandEventsEachFormOneChainThatVerifies() throws Exception {
		int threads = 8;
		int each = 1000;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			done.add(pool.submit(() -> {
				// a connection per thread, as from a pool, one transaction per event
				try (Connection connection = this.dataSource.getConnection()) {
					connection.setAutoCommit(false);
					start.await();
					for (int i = 0; i < each; i++) {
						this.log.append(connection, event("project.update", "p-" + thread + "-" + i, Outcome.SUCCESS, null));
						connection.commit();
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get();
		}
		pool.shutdown();
		assertThat(this.log.verify()).isEqualTo(new Verification(true, threads * each, null));
	}

	@Test
	void anEventAppendedInItsOwnTransactionIsStored() throws Exception {
		this.log.append(event("project.update", "p-1", Outcome.SUCCESS, null));
		assertThat(this.log.verify()).isEqualTo(new Verification(true, 1, null));
	}

	@Test
	void anEventEditedInSqlIsNamed() throws Exception {
		appendTen();
		execute("UPDATE hardening_audit_event SET principal = 'mallory' WHERE id = 4");
		assertThat(this.log.verify()).isEqualTo(new Verification(false, 3, 4L));
	}

	@Test
	void everyColumnIsCovered() throws Exception {
		List<String> edits = List.of("occurred_at = occurred_at + INTERVAL '1 second'", "time_nanos = time_nanos + 1",
				"action = 'project.delete'", "resource_type = 'account'", "resource_id = 'p-x'", "outcome = 'SUCCESS', failure_code = NULL",
				"failure_code = 'NOT_FOUND'", "client_address = '10.0.0.9'", "user_agent = 'curl'", "request_id = 'r-x'",
				"trace_id = 'abc'", "details = 'field=owner'", "link = repeat('0', 64)");
		for (String edit : edits) {
			createTables();
			appendTen();
			execute("UPDATE hardening_audit_event SET " + edit + " WHERE id = 6");
			assertThat(this.log.verify()).as(edit).isEqualTo(new Verification(false, 5, 6L));
		}
	}

	@Test
	void aDeletedEventIsNamedAndSoAreTheLastOnesCutOff() throws Exception {
		appendTen();
		execute("DELETE FROM hardening_audit_event WHERE id = 7");
		assertThat(this.log.verify()).isEqualTo(new Verification(false, 6, 7L));
		createTables();
		appendTen();
		execute("DELETE FROM hardening_audit_event WHERE id >= 9");
		assertThat(this.log.verify()).isEqualTo(new Verification(false, 8, 9L));
	}

	@Test
	void twoEventsSwappedAreFound() throws Exception {
		appendTen();
		// each row gets the other's content and link, keeping its own place in the chain
		execute("UPDATE hardening_audit_event SET id = -3 WHERE id = 3", "UPDATE hardening_audit_event SET id = 3 WHERE id = 5",
				"UPDATE hardening_audit_event SET id = 5 WHERE id = -3");
		assertThat(this.log.verify()).isEqualTo(new Verification(false, 2, 3L));
	}

	@Test
	void anAppendInTheCallersTransactionIsKeptOnlyIfItCommits() throws Exception {
		appendTen();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			this.log.append(connection, event("project.update", "rolled-back", Outcome.SUCCESS, null));
			connection.rollback();
			this.log.append(connection, event("project.update", "committed", Outcome.SUCCESS, null));
			connection.commit();
		}
		assertThat(this.log.verify()).isEqualTo(new Verification(true, 11, null));
	}

	@Test
	void anotherKeyDoesNotVerifyTheChain() throws Exception {
		appendTen();
		JdbcAuditLog forged = new JdbcAuditLog(this.dataSource,
				AuditChain.of("another key, also of 32 bytes!!!".getBytes(StandardCharsets.UTF_8)), "default");
		assertThat(forged.verify()).isEqualTo(new Verification(false, 0, 1L));
	}

	@Test
	void findsEventsByFilterInChainOrderAfterAnId() throws Exception {
		appendTen();
		this.log.append(new AuditEvent(java.time.Instant.parse("2026-12-05T00:00:00Z"), "project.delete", "project", "p-11",
				Outcome.SUCCESS, null, "bob", null, null, null, null, Map.of()));
		assertThat(this.log.find(new JdbcAuditLog.Filter(null, null, null, null, null), 0, 4))
			.extracting(JdbcAuditLog.Stored::id)
			.containsExactly(1L, 2L, 3L, 4L);
		assertThat(this.log.find(new JdbcAuditLog.Filter(null, null, null, null, null), 8, 10))
			.extracting(JdbcAuditLog.Stored::id)
			.containsExactly(9L, 10L, 11L);
		assertThat(this.log.find(new JdbcAuditLog.Filter("bob", null, null, null, null), 0, 10))
			.singleElement()
			.satisfies((stored) -> assertThat(stored.event().action()).isEqualTo("project.delete"));
		assertThat(this.log.find(new JdbcAuditLog.Filter(null, "project.update", "project",
				java.time.Instant.parse("2026-12-04T00:00:00Z"), java.time.Instant.parse("2026-12-05T00:00:00Z")), 0, 100))
			.hasSize(10)
			.allSatisfy((stored) -> assertThat(stored.event()).isEqualTo(event("project.update", stored.event().resourceId(),
					stored.event().outcome(), stored.event().failureCode())));
	}

	@Test
	void anEmptyLogIsValid() throws Exception {
		assertThat(this.log.verify()).isEqualTo(new Verification(true, 0, null));
	}

	private void appendTen() throws Exception {
		// the tables may have been made again under this log: its first append finds the head gone
		try {
			this.log.append(event("project.update", "p-1", Outcome.SUCCESS, null));
			execute("DELETE FROM hardening_audit_event", "UPDATE hardening_audit_head SET last_id = 0, last_link = repeat('0', 64)");
		}
		catch (java.sql.SQLException ex) {
			assertThat(ex.getMessage()).contains("is missing");
		}
		for (int i = 1; i <= 10; i++) {
			this.log.append(event("project.update", "p-" + i, (i % 3 == 0) ? Outcome.FAILURE : Outcome.SUCCESS,
					(i % 3 == 0) ? "CONFLICT" : null));
		}
	}

	static AuditEvent event(String action, String id, Outcome outcome, String failureCode) {
		return new AuditEvent(Instant.parse("2026-12-04T10:15:30.123456789Z"), action, "project", id, outcome, failureCode,
				"ada", "203.0.113.7", AuditEvent.userAgentOf("curl/8.4\r\nX-Forged: 1"), "req-" + id,
				"4bf92f3577b34da6a3ce929d0e0e4736", Map.of("field", "name", "from", "Apollo", "to", "Artemis"));
	}

	private void execute(String... statements) throws Exception {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
