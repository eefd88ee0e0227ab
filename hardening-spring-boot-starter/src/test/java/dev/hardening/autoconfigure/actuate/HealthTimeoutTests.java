package dev.hardening.autoconfigure.actuate;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.FaultProxy;
import dev.hardening.test.TestPostgres;
import dev.hardening.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health when the dependencies stop answering: a PostgreSQL behind a proxy that swallows every
 * byte, and a Redis behind a proxy that holds every byte until the test releases it (a server that
 * stopped answering, then answers what it was sent). Redis's own command timeout is set far above
 * the check's, so a {@code timeout} detail can only come from the check's own timeout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HealthTimeoutTests.TestApplication.class,
		properties = { "hardening.health.timeout=300ms", "hardening.health.cache-ttl=0s",
				"hardening.redis.command-timeout=20s", "management.endpoint.health.show-details=always",
				"management.endpoints.web.exposure.include=health", "hardening.web.allowed-hosts=localhost" })
class HealthTimeoutTests {

	private static final TestRedis redis = TestRedis.startDedicated();

	private static final FaultProxy redisProxy = FaultProxy.start(redis.host(), redis.port());

	private static final FaultProxy database = databaseProxy();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void dependencies(DynamicPropertyRegistry registry) {
		registry.add("hardening.redis.url", () -> "redis://127.0.0.1:" + redisProxy.port());
		registry.add("spring.datasource.url",
				() -> TestPostgres.shared().jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + database.port() + "/"));
	}

	@AfterAll
	static void stop() {
		database.close();
		redisProxy.close();
		redis.close();
	}

	@Test
	void hungDependenciesAreDownWithinTheTimeoutAndOnlyReadinessFails() {
		TestHttp http = new TestHttp(this.port);
		// the first checks start the pool and connect to Redis, which may take longer than the timeout
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200));

		database.blackHole();
		redisProxy.hold();
		HttpResponse<String> health = http.get("/actuator/health");

		assertThat(health.statusCode()).isEqualTo(503);
		JsonNode components = json(health.body()).get("components");
		assertThat(components.at("/db/status").asString()).isEqualTo("DOWN");
		assertThat(components.at("/db/details/error").asString()).isEqualTo("timeout");
		assertThat(components.at("/redis/status").asString()).isEqualTo("DOWN");
		assertThat(components.at("/redis/details/error").asString()).isEqualTo("timeout");
		assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
		assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

		database.heal();
		redisProxy.release();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200));
	}

	private static FaultProxy databaseProxy() {
		URI target = URI.create(TestPostgres.shared().jdbcUrl().substring("jdbc:".length()));
		return FaultProxy.start(target.getHost(), target.getPort());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
