package dev.hardening.autoconfigure.deadline;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.jdbc.PgStatement;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's deadline bounds its statements on a real PostgreSQL: a statement that would run past
 * it is cancelled on the server, with no change to the application's code; PostgreSQL's driver gets
 * the time left in milliseconds.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = DeadlineStatementTests.TestApplication.class,
		properties = { "hardening.deadline.routes[0].paths=/sleep", "hardening.deadline.routes[0].timeout=1s",
				"hardening.deadline.routes[1].paths=/timeout", "hardening.deadline.routes[1].timeout=1500ms",
				"hardening.jdbc.statement-timeout=30s" })
class DeadlineStatementTests {

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}

	@Test
	void aStatementThatWouldOutliveItsRequestsDeadlineIsCancelledOnTheServer(TestPostgres postgres) throws Exception {
		HttpResponse<String> response = new TestHttp(this.port).get("/sleep");

		// the driver cancelled it at the deadline's whole second; the statement's own timeout is 30 s
		assertProblem(response, 504, "DATABASE_TIMEOUT");
		assertThat(sleepingStatements(postgres)).as("pg_sleep statements still running on the server").isZero();
	}

	@Test
	void aStatementWithinTheBudgetRunsAsUsual() {
		assertThat(new TestHttp(this.port).get("/quick").body()).isEqualTo("1");
	}

	@Test
	void onPostgresTheStatementTimeoutIsTheTimeLeftInMillisecondsNotRoundedUpToASecond() {
		long timeoutMillis = Long.parseLong(new TestHttp(this.port).get("/timeout").body());

		// whole seconds would have given 2000 ms for a 1.5 s budget
		assertThat(timeoutMillis).isPositive().isLessThanOrEqualTo(1500);
	}

	private static int sleepingStatements(TestPostgres postgres) throws Exception {
		try (Connection connection = postgres.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
						+ " WHERE state = 'active' AND query LIKE '%pg_sleep(5)%' AND pid <> pg_backend_pid()")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(SleepController.class)
	static class TestApplication {

	}

	@RestController
	static class SleepController {

		private final JdbcClient jdbc;

		private final DataSource dataSource;

		SleepController(JdbcClient jdbc, DataSource dataSource) {
			this.jdbc = jdbc;
			this.dataSource = dataSource;
		}

		@GetMapping("/sleep")
		String sleep() {
			return this.jdbc.sql("SELECT pg_sleep(5)::text").query(String.class).single();
		}

		@GetMapping("/timeout")
		String timeout() throws SQLException {
			try (Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
				return Long.toString(statement.unwrap(PgStatement.class).getQueryTimeoutMs());
			}
		}

		@GetMapping("/quick")
		String quick() {
			return this.jdbc.sql("SELECT 1").query(Integer.class).single().toString();
		}

	}

}
