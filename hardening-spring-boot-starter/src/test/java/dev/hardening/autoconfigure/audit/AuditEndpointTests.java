package dev.hardening.autoconfigure.audit;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;

import dev.hardening.audit.Audited;
import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/audit} and {@code /actuator/audit/verify} through a real server, over events
 * recorded by audited requests: filtered, paged with a signed cursor, a tampered cursor refused
 * with a 400, and the chain's verification, valid and then naming an event edited in SQL.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AuditEndpointTests.TestApplication.class,
		properties = { "hardening.audit.sink=jdbc", "hardening.audit.chain-key=an endpoint test chain key of 32+ bytes",
				"hardening.audit.chain=endpoint-tests", "hardening.audit.jdbc.initialize-schema=always",
				"management.endpoints.web.exposure.include=audit" })
class AuditEndpointTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}

	@BeforeAll
	static void dropOldTables(TestPostgres postgres) throws Exception {
		try (Connection connection = postgres.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS hardening_audit_event");
			statement.execute("DROP TABLE IF EXISTS hardening_audit_head");
		}
	}

	@Test
	void listsPagesAndVerifies() {
		TestHttp http = new TestHttp(this.port);
		for (int i = 1; i <= 5; i++) {
			assertThat(http.send("PUT", "/projects/" + i + "/archive", "", "X-Request-ID", "audit-" + i).statusCode())
				.isEqualTo(200);
		}
		JsonNode first = json(http.get("/actuator/audit?action=project.archive&size=2"));
		assertThat(first.path("events")).hasSize(2);
		assertThat(first.path("events").get(0).path("resourceId").asString()).isEqualTo("1");
		assertThat(first.path("events").get(0).path("requestId").asString()).isEqualTo("audit-1");
		assertThat(first.path("events").get(0).path("clientAddress").asString()).isEqualTo("127.0.0.1");
		String next = first.path("next").asString();
		JsonNode second = json(http.get("/actuator/audit?action=project.archive&size=2&cursor=" + next));
		assertThat(second.path("events").get(0).path("resourceId").asString()).isEqualTo("3");

		String tampered = next.substring(0, next.length() - 2) + (next.endsWith("A") ? "BB" : "AA");
		assertThat(http.get("/actuator/audit?cursor=" + tampered).statusCode()).isEqualTo(400);
		assertThat(http.get("/actuator/audit?size=0").statusCode()).isEqualTo(400);
		assertThat(http.get("/actuator/audit?size=abc").statusCode()).isEqualTo(400);
		assertThat(http.get("/actuator/audit?from=yesterday").statusCode()).isEqualTo(400);
		// filters are values, never SQL
		assertThat(json(http.get("/actuator/audit?principal=%27%20OR%201%3D1%20--")).path("events")).isEmpty();
		assertThat(json(http.get("/actuator/audit?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")).path("events"))
			.isEmpty();

		JsonNode valid = json(http.get("/actuator/audit/verify"));
		assertThat(valid.path("valid").asBoolean()).isTrue();
		assertThat(valid.path("events").asLong()).isEqualTo(5);
		assertThat(valid.path("firstBroken").isNull()).isTrue();

		this.jdbc.update("UPDATE hardening_audit_event SET principal = 'mallory' WHERE chain = 'endpoint-tests' AND id = 3");
		JsonNode broken = json(http.get("/actuator/audit/verify"));
		// the answer docs/audit.md quotes, member for member
		assertThat(broken.toString()).isEqualTo("{\"valid\":false,\"events\":2,\"firstBroken\":3}");
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Projects.class)
	static class TestApplication {

	}

	@RestController
	static class Projects {

		@PutMapping("/projects/{id}/archive")
		@Audited(action = "project.archive", resource = "project", id = "#id")
		public String archive(@PathVariable long id) {
			return "archived";
		}

	}

}
