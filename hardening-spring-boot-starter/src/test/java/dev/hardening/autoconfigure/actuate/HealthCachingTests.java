package dev.hardening.autoconfigure.actuate;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestPostgres;
import dev.hardening.test.TestRedis;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health against a real PostgreSQL and Redis, with a TTL longer than the test: however many
 * callers ask, on whichever path, the database is validated once. The timeout is generous, as
 * the first check also starts the pool.
 */
@ExtendWith({ PostgresExtension.class, RedisExtension.class })
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HealthCachingTests.TestApplication.class,
		properties = { "hardening.health.cache-ttl=1h", "hardening.health.timeout=30s",
				"management.endpoint.health.show-details=always",
				"management.endpoints.web.exposure.include=health", "hardening.web.allowed-hosts=localhost" })
class HealthCachingTests {

	/** Connections the health checks took, since the application started. */
	static final AtomicInteger VALIDATIONS = new AtomicInteger();

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	private TestHttp http;

	@DynamicPropertySource
	static void dependencies(DynamicPropertyRegistry registry) {
		registry.add("hardening.redis.url", () -> TestRedis.shared().uri().toString());
	}

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void twoHundredConcurrentCallsOnEveryPathValidateTheDatabaseOnce() throws Exception {
		List<String> paths = List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/db",
				"/actuator/health/redis");
		ExecutorService callers = Executors.newFixedThreadPool(50);
		try {
			List<Future<HttpResponse<String>>> calls = IntStream.range(0, 200)
				.mapToObj((i) -> callers.submit(() -> this.http.get(paths.get(i % paths.size()))))
				.toList();
			for (Future<HttpResponse<String>> call : calls) {
				assertThat(call.get().statusCode()).isEqualTo(200);
			}
		}
		finally {
			callers.shutdown();
		}

		// once in the application's life, whichever test asked first, since the TTL outlasts the class
		assertThat(VALIDATIONS).hasValue(1);
	}

	@Test
	void showsTheDatabaseAndItsPoolAndRedisWithoutAddresses() {
		HttpResponse<String> response = this.http.get("/actuator/health");
		JsonNode components = json(response.body()).get("components");

		JsonNode db = components.get("db");
		assertThat(db.get("status").asString()).isEqualTo("UP");
		assertThat(db.at("/details/database").asString()).isEqualTo("PostgreSQL");
		assertThat(db.at("/details/validationMillis").isNumber()).isTrue();
		assertThat(db.at("/details/pool/max").asInt()).isEqualTo(10);
		assertThat(db.at("/details/pool/pending").asInt()).isZero();
		assertThat(db.at("/details/pool/pressure").asBoolean()).isFalse();
		JsonNode redis = components.get("redis");
		assertThat(redis.get("status").asString()).isEqualTo("UP");
		assertThat(redis.at("/details/role").asString()).isEqualTo("master");
		assertThat(redis.at("/details/topology").asString()).isEqualTo("standalone");
		assertThat(redis.at("/details/nodeRunId").asString()).matches("[0-9a-f]{40}");
		assertThat(redis.at("/details/clients/connected").asLong()).isPositive();
		assertThat(redis.at("/details/memory/used").asLong()).isPositive();
		assertThat(response.body()).doesNotContain("localhost", "127.0.0.1", "jdbc:", "redis://", "postgres?");
	}

	@Test
	void replacesBootsDatabaseIndicatorAndKeepsThePoolReadable() throws Exception {
		assertThat(this.dataSource.unwrap(HikariDataSource.class)).isNotNull();
		assertThat(json(this.http.get("/actuator/health/db").body()).at("/details/validationQuery").isMissingNode())
			.as("Boot's indicator reports a validationQuery detail")
			.isTrue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		DataSource dataSource() {
			HikariDataSource hikari = new HikariDataSource();
			hikari.setJdbcUrl(TestPostgres.shared().jdbcUrl());
			return new DelegatingDataSource(hikari) {

				@Override
				public Connection getConnection() throws SQLException {
					if (Thread.currentThread().getName().startsWith("hardening-health-")) {
						VALIDATIONS.incrementAndGet();
					}
					return super.getConnection();
				}

			};
		}

	}

}
