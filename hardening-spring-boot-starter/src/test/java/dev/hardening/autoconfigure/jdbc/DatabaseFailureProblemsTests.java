package dev.hardening.autoconfigure.jdbc;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each database failure answered by what it means for the client, against a real PostgreSQL and
 * a pool of one connection: only the database being out of reach is a {@code 503} with
 * {@code Retry-After}; a failure the request's own data causes is a {@code 500} without it.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = DatabaseFailureProblemsTests.TestApplication.class,
		properties = { "spring.datasource.hikari.maximum-pool-size=1", "spring.datasource.hikari.connection-timeout=500",
				"hardening.jdbc.statement-timeout=30s" })
class DatabaseFailureProblemsTests {

	private static final CountDownLatch RELEASE = new CountDownLatch(1);

	private static final CountDownLatch HOLDING = new CountDownLatch(1);

	@LocalServerPort
	private int port;

	private TestHttp http;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}

	@BeforeAll
	static void createTables(TestPostgres postgres) throws Exception {
		try (Connection connection = postgres.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE notes (body text)");
			statement.execute("CREATE INDEX notes_body ON notes (body)");
			statement.execute("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)");
			statement.execute("INSERT INTO counters VALUES (1, 0)");
			statement.execute("DO $$ BEGIN CREATE ROLE no_slots LOGIN CONNECTION LIMIT 0;"
					+ " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
		}
	}

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void aValueTooLongForItsIndexIsA500WithoutRetryAfter() {
		HttpResponse<String> response = this.http.get("/index-row-too-big");

		assertProblem(response, 500, "INTERNAL_ERROR");
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void aStatementCancelledByItsTimeoutIsA504() {
		HttpResponse<String> response = this.http.get("/statement-timeout");

		assertProblem(response, 504, "DATABASE_TIMEOUT");
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void aTerminatedBackendIsA503WithRetryAfter() {
		HttpResponse<String> response = this.http.get("/terminated");

		assertProblem(response, 503, "DATABASE_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
	}

	@Test
	void noConnectionSlotLeftAtTheBeginOfATransactionIsA503WithRetryAfter() {
		HttpResponse<String> response = this.http.get("/no-slots");

		assertProblem(response, 503, "DATABASE_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
	}

	@Test
	void aSerializationFailureIsA409WithoutRetryAfter() {
		HttpResponse<String> response = this.http.get("/serialization-failure");

		assertProblem(response, 409, "DATABASE_CONFLICT");
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void anExhaustedPoolAtTheBeginOfATransactionIsA503WithRetryAfter() throws Exception {
		CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(() -> this.http.get("/hold"));
		assertThat(HOLDING.await(30, TimeUnit.SECONDS)).isTrue();
		try {
			for (String path : new String[] { "/transactional", "/transaction-template" }) {
				HttpResponse<String> refused = this.http.get(path);

				assertProblem(refused, 503, "DATABASE_UNAVAILABLE");
				assertThat(refused.headers().firstValue("Retry-After")).as(path).hasValue("2");
			}
		}
		finally {
			RELEASE.countDown();
		}
		assertThat(holder.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(this.http.get("/transactional").statusCode()).isEqualTo(200);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TestController.class, CounterService.class })
	static class TestApplication {

	}

	@Service
	static class CounterService {

		private final JdbcClient jdbc;

		CounterService(DataSource dataSource) {
			this.jdbc = JdbcClient.create(dataSource);
		}

		@Transactional
		public int read() {
			return this.jdbc.sql("SELECT n FROM counters WHERE id = 1").query(Integer.class).single();
		}

	}

	@RestController
	static class TestController {

		private final JdbcClient jdbc;

		private final CounterService counters;

		private final TransactionTemplate transactions;

		TestController(DataSource dataSource, CounterService counters, PlatformTransactionManager transactions) {
			this.jdbc = JdbcClient.create(dataSource);
			this.counters = counters;
			this.transactions = new TransactionTemplate(transactions);
		}

		@GetMapping("/index-row-too-big")
		int indexRowTooBig() {
			// random hex does not compress: the row is far past the 2704 bytes a btree entry may hold
			return this.jdbc.sql("INSERT INTO notes SELECT string_agg(md5(random()::text), '')"
					+ " FROM generate_series(1, 400)").update();
		}

		@GetMapping("/statement-timeout")
		String statementTimeout() {
			return this.transactions.execute((status) -> {
				this.jdbc.sql("SET LOCAL statement_timeout = 100").update();
				return this.jdbc.sql("SELECT pg_sleep(5)::text").query(String.class).single();
			});
		}

		@GetMapping("/terminated")
		String terminated() {
			return this.jdbc.sql("SELECT pg_terminate_backend(pg_backend_pid())::text").query(String.class).single();
		}

		@GetMapping("/no-slots")
		String noSlots() {
			PGSimpleDataSource noSlots = new PGSimpleDataSource();
			noSlots.setURL(TestPostgres.shared().jdbcUrl());
			noSlots.setUser("no_slots");
			return new TransactionTemplate(new DataSourceTransactionManager(noSlots))
				.execute((status) -> JdbcClient.create(noSlots).sql("SELECT 'never'").query(String.class).single());
		}

		@GetMapping("/serialization-failure")
		Integer serializationFailure() {
			TransactionTemplate repeatableRead = new TransactionTemplate(this.transactions.getTransactionManager());
			repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
			return repeatableRead.execute((status) -> {
				this.jdbc.sql("SELECT n FROM counters WHERE id = 1").query(Integer.class).single();
				// another client changes the row after this transaction took its snapshot
				JdbcClient.create(TestPostgres.shared().dataSource())
					.sql("UPDATE counters SET n = n + 1 WHERE id = 1")
					.update();
				return this.jdbc.sql("UPDATE counters SET n = n + 1 WHERE id = 1").update();
			});
		}

		@GetMapping("/transactional")
		int transactional() {
			return this.counters.read();
		}

		@GetMapping("/transaction-template")
		Integer transactionTemplate() {
			return this.transactions.execute((status) -> this.counters.read());
		}

		@GetMapping("/hold")
		Map<String, String> hold() {
			return this.jdbc.sql("SELECT 'held'").query((row) -> {
				HOLDING.countDown();
				try {
					RELEASE.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return Map.of("held", "yes");
			});
		}

	}

}
