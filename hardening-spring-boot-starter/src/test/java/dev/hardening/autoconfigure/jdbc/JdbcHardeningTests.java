package dev.hardening.autoconfigure.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.hardening.autoconfigure.ChangedDefaults;
import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database edge against a real PostgreSQL: a pool of one connection, a short statement
 * timeout, and an endpoint that runs one query per row.
 */
@ExtendWith({ PostgresExtension.class, OutputCaptureExtension.class })
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = JdbcHardeningTests.TestApplication.class,
		properties = { "spring.datasource.hikari.maximum-pool-size=1",
				"spring.datasource.hikari.connection-timeout=500", "hardening.jdbc.statement-timeout=300ms",
				"hardening.jdbc.max-repeats=5", "spring.application.name=jdbc-test" })
class JdbcHardeningTests {

	private static final CountDownLatch RELEASE = new CountDownLatch(1);

	private static final CountDownLatch HOLDING = new CountDownLatch(1);

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcDefaultsReport defaults;

	private TestHttp http;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}

	@BeforeAll
	static void createTable(TestPostgres postgres) throws Exception {
		try (Connection connection = postgres.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS owners (id int PRIMARY KEY, name text NOT NULL)");
			statement.execute("INSERT INTO owners SELECT i, 'owner ' || i FROM generate_series(1, 20) AS i"
					+ " ON CONFLICT DO NOTHING");
		}
	}

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void appliesPostgresDefaultsToThePoolAndSaysWhichAndWhy() throws Exception {
		HikariDataSource hikari = this.dataSource.unwrap(HikariDataSource.class);

		assertThat(hikari.getKeepaliveTime()).isEqualTo(120_000);
		assertThat(hikari.getMaxLifetime()).isEqualTo(600_000);
		assertThat(hikari.getConnectionTimeout()).isEqualTo(500);
		assertThat(hikari.getPoolName()).isEqualTo("jdbc-test");
		assertThat(hikari.getDataSourceProperties()).containsEntry("options", "-c statement_timeout=300")
			.containsEntry("tcpKeepAlive", "true")
			.containsEntry("ApplicationName", "jdbc-test");
		assertThat(this.defaults.applied()).extracting(JdbcDefaultsReport.AppliedDefault::property)
			.contains("spring.datasource.hikari.keepalive-time", "spring.datasource.hikari.data-source-properties.options")
			.doesNotContain("spring.datasource.hikari.connection-timeout");
		// logged once at startup with the driver's own value and how to get it back
		assertThat(this.defaults.changes()).extracting(ChangedDefaults.Change::message)
			.anySatisfy((line) -> assertThat(line).contains(
					"spring.datasource.hikari.data-source-properties.tcpKeepAlive: false -> true (restore: "
							+ "spring.datasource.hikari.data-source-properties.tcpKeepAlive=false"))
			.anySatisfy((line) -> assertThat(line).contains("data-source-properties.options: not set -> "
					+ "-c statement_timeout=300"));
	}

	@Test
	void aStatementPastItsTimeoutIsA504Problem() {
		assertProblem(this.http.get("/slow"), 504, "DATABASE_TIMEOUT");
	}

	@Test
	void anExhaustedPoolIsA503ProblemWithRetryAfter() throws Exception {
		CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(() -> this.http.get("/hold"));
		assertThat(HOLDING.await(30, TimeUnit.SECONDS)).isTrue();
		try {
			HttpResponse<String> refused = this.http.get("/owners/1");

			assertProblem(refused, 503, "DATABASE_UNAVAILABLE");
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
		}
		finally {
			RELEASE.countDown();
		}
		assertThat(holder.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void anNPlusOneEndpointLogsOneWarningNamingItsPatternAndShape(CapturedOutput output) {
		assertThat(this.http.get("/owners/n-plus-one").statusCode()).isEqualTo(200);

		// the warning is written once the request is over, which the client may see first
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output.getOut()
				.lines()
				.filter((line) -> line.contains(" WARN ") && line.contains("hardening.jdbc"))
				.toList()).singleElement()
				.asString()
				.contains("GET /owners/n-plus-one ran 21 statements")
				.contains("(an N+1?)")
				// PostgreSQL's reading of 'C:\' is known from the pool's URL: the shape is whole
				.contains("most repeated (20 times): SELECT name FROM owners WHERE id = ? AND name <> ?")
				.doesNotContain("owner 7"));
	}

	@Test
	void statementsOfACallableCountForItsRequest(CapturedOutput output) {
		assertThat(this.http.get("/owners/async-n-plus-one").statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output.getOut()
				.lines()
				.filter((line) -> line.contains(" WARN ") && line.contains("async-n-plus-one"))
				.toList()).singleElement()
				.asString()
				.contains("GET /owners/async-n-plus-one ran 21 statements")
				.contains("(an N+1?)"));
	}

	@Test
	void statementsOfARequestTheApplicationCompletesItselfAreReported(CapturedOutput output) {
		assertThat(this.http.get("/owners/complete-n-plus-one").statusCode()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output.getOut()
				.lines()
				.filter((line) -> line.contains(" WARN ") && line.contains("complete-n-plus-one"))
				.toList()).singleElement()
				.asString()
				.contains("GET /owners/complete-n-plus-one ran 21 statements")
				.contains("(an N+1?)"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		private final JdbcClient jdbc;

		TestController(DataSource dataSource) {
			this.jdbc = JdbcClient.create(dataSource);
		}

		@GetMapping("/owners/1")
		String owner() {
			return this.jdbc.sql("SELECT name FROM owners WHERE id = 1").query(String.class).single();
		}

		@GetMapping("/owners/n-plus-one")
		List<String> nPlusOne() {
			List<Integer> ids = this.jdbc.sql("SELECT id FROM owners ORDER BY id").query(Integer.class).list();
			return ids.stream()
				.map((id) -> this.jdbc.sql("SELECT name FROM owners WHERE id = " + id + " AND name <> 'C:\\'")
					.query(String.class)
					.single())
				.toList();
		}

		@GetMapping("/owners/async-n-plus-one")
		Callable<List<String>> asyncNPlusOne() {
			return this::nPlusOne;
		}

		@GetMapping("/owners/complete-n-plus-one")
		void completeNPlusOne(HttpServletRequest request, HttpServletResponse response) {
			int names = nPlusOne().size();
			// answered on another thread, completed without an async dispatch
			AsyncContext async = request.startAsync(request, response);
			new Thread(() -> {
				try {
					response.setContentType("application/json");
					response.getWriter().write("{\"names\":" + names + "}");
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				finally {
					async.complete();
				}
			}).start();
		}

		@GetMapping("/slow")
		String slow() {
			return this.jdbc.sql("SELECT pg_sleep(5)::text").query(String.class).single();
		}

		@GetMapping("/hold")
		Map<String, String> hold() throws Exception {
			return this.jdbc.sql("SELECT 'held'").query((row) -> {
				HOLDING.countDown();
				await();
				return Map.of("held", "yes");
			});
		}

		private static void await() {
			try {
				RELEASE.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
