package dev.hardening.autoconfigure.audit;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.hardening.audit.AuditUnavailableException;
import dev.hardening.audit.Audited;
import dev.hardening.audit.JdbcAuditLog;
import dev.hardening.audit.JdbcAuditLog.Verification;
import dev.hardening.autoconfigure.RequestTraceId;
import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.error.NotFoundException;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @Audited} on a transactional service with the jdbc sink on a real PostgreSQL: an update
 * writes one event with every field the request gives; a failing call writes a failure with its
 * problem code; with the table gone, {@code fail-mode: closed} refuses the call with
 * {@code AUDIT_UNAVAILABLE} and rolls its write back, {@code open} lets it through.
 */
@ExtendWith(PostgresExtension.class)
class AuditTrailTests {

	private static final String KEY = "hardening.audit.chain-key=a test chain key that is 32 bytes+";

	private final DataSource dataSource;

	private final ApplicationContextRunner runner;

	AuditTrailTests(TestPostgres postgres) {
		this.dataSource = postgres.dataSource();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class, AuditAutoConfiguration.class))
			// a pool, as an application has (a connection per statement made the queue's test take 9 s);
			// the context closes it when it stops
			.withBean(DataSource.class, () -> pool(postgres))
			.withBean(Projects.class)
			.withPropertyValues("hardening.audit.sink=jdbc", KEY, "hardening.audit.jdbc.initialize-schema=always");
	}

	@BeforeEach
	void createTables() throws Exception {
		execute("DROP TABLE IF EXISTS hardening_audit_event", "DROP TABLE IF EXISTS hardening_audit_head",
				"DROP TABLE IF EXISTS audited_projects", "CREATE TABLE audited_projects (id BIGINT PRIMARY KEY, name TEXT)",
				"INSERT INTO audited_projects VALUES (1, 'Apollo')");
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/projects/1");
		request.setRemoteAddr("203.0.113.9");
		request.addHeader("User-Agent", "curl/8.4\r\nX-Forged: 1");
		request.setAttribute(RequestIdFilter.ATTRIBUTE, "req-42");
		request.setAttribute(RequestTraceId.ATTRIBUTE, "4bf92f3577b34da6a3ce929d0e0e4736");
		request.setUserPrincipal(() -> "ada");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
	}

	@AfterEach
	void leaveTheRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void anAuditedUpdateWritesOneEventWithEveryField() {
		this.runner.run((context) -> {
			context.getBean(Projects.class).rename(1, "Artemis");
			JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
			assertThat(jdbc.queryForList("SELECT action, resource_type, resource_id, outcome, failure_code, principal, "
					+ "client_address, user_agent, request_id, trace_id FROM hardening_audit_event"))
				.singleElement()
				.satisfies((row) -> assertThat(row).containsEntry("action", "project.update")
					.containsEntry("resource_type", "project")
					.containsEntry("resource_id", "1")
					.containsEntry("outcome", "SUCCESS")
					.containsEntry("failure_code", null)
					.containsEntry("principal", "ada")
					.containsEntry("client_address", "203.0.113.9")
					.containsEntry("user_agent", "curl/8.4\\r\\nX-Forged: 1")
					.containsEntry("request_id", "req-42")
					.containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));
			assertThat(verify(context)).isEqualTo(new Verification(true, 1, null));
		});
	}

	@Test
	void aFailingAuditedCallWritesAFailureWithItsProblemCode() {
		this.runner.run((context) -> {
			assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> context.getBean(Projects.class).rename(7, "X"));
			assertThat(new JdbcTemplate(this.dataSource).queryForMap(
					"SELECT resource_id, outcome, failure_code FROM hardening_audit_event"))
				.containsEntry("resource_id", "7")
				.containsEntry("outcome", "FAILURE")
				.containsEntry("failure_code", "NOT_FOUND");
		});
	}

	@Test
	void failClosedWithTheTableGoneRefusesTheCallAndRollsItsWriteBack() {
		this.runner.withPropertyValues("hardening.audit.fail-mode=closed").run((context) -> {
			execute("DROP TABLE hardening_audit_event");
			assertThatExceptionOfType(AuditUnavailableException.class)
				.isThrownBy(() -> context.getBean(Projects.class).rename(1, "Artemis"))
				.satisfies((ex) -> assertThat(ex.errorCode().status()).isEqualTo(503))
				.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("AUDIT_UNAVAILABLE"));
			assertThat(name(1)).isEqualTo("Apollo");
		});
	}

	@Test
	void failOpenWithTheTableGoneLetsTheCallThrough() {
		this.runner.run((context) -> {
			execute("DROP TABLE hardening_audit_event");
			context.getBean(Projects.class).rename(1, "Artemis");
			assertThat(name(1)).isEqualTo("Artemis");
		});
	}

	@Test
	void queuedEventsAreAllStoredByAGracefulShutdown() throws Exception {
		int calls = 200;
		this.runner.withPropertyValues("hardening.audit.queue-capacity=64").run((context) -> {
			Projects projects = context.getBean(Projects.class);
			List<Thread> threads = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				Thread thread = new Thread(() -> {
					for (int i = 0; i < calls / 4; i++) {
						projects.rename(1, "Apollo " + i);
					}
				});
				threads.add(thread);
				thread.start();
			}
			for (Thread thread : threads) {
				thread.join();
			}
		});
		// the context is closed: its queue was drained before the data source went
		assertThat(new JdbcTemplate(this.dataSource).queryForObject("SELECT count(*) FROM hardening_audit_event",
				Long.class)).isEqualTo(calls);
		assertThat(new JdbcAuditLog(this.dataSource, dev.hardening.audit.AuditChain
			.of("a test chain key that is 32 bytes+".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "default").verify())
			.isEqualTo(new Verification(true, calls, null));
	}

	@Test
	void aQueueWithFailClosedStopsTheStart() {
		this.runner.withPropertyValues("hardening.audit.queue-capacity=64", "hardening.audit.fail-mode=closed")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hardening.audit.queue-capacity"));
	}

	private Verification verify(org.springframework.context.ApplicationContext context) throws Exception {
		TransactionalAuditLog log = (TransactionalAuditLog) context.getBean(dev.hardening.audit.AuditLog.class);
		JdbcAuditLog jdbc = log.jdbc();
		return jdbc.verify();
	}

	private String name(long id) {
		return new JdbcTemplate(this.dataSource).queryForObject("SELECT name FROM audited_projects WHERE id = ?",
				String.class, id);
	}

	private static HikariDataSource pool(TestPostgres postgres) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(postgres.jdbcUrl());
		pool.setMinimumIdle(0);
		return pool;
	}

	private void execute(String... statements) throws Exception {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	static class Projects {

		private final JdbcTemplate jdbc;

		Projects(DataSource dataSource) {
			this.jdbc = new JdbcTemplate(dataSource);
		}

		@Transactional
		@Audited(action = "project.update", resource = "project", id = "#id")
		public void rename(long id, String name) {
			if (this.jdbc.update("UPDATE audited_projects SET name = ? WHERE id = ?", name, id) == 0) {
				throw new NotFoundException("Project " + id + " does not exist.");
			}
		}

	}

}
