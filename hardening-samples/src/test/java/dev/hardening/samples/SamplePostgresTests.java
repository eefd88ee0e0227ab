package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample on PostgreSQL, as with SPRING_DATASOURCE_URL set: the same schema.sql, the events
 * paged by cursor, and the database in health.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SamplePostgresTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}

	@Test
	void pagesTheEventsTableAndReportsTheDatabase() throws Exception {
		JsonNode page = JSON.readTree(get("/events?size=3").body());
		JsonNode db = JSON.readTree(get("/actuator/health").body()).at("/components/db");

		assertThat(page.get("items")).hasSize(3);
		assertThat(page.get("items").get(0).get("id").asLong()).isEqualTo(10000);
		assertThat(db.get("status").asString()).isEqualTo("UP");
		assertThat(db.at("/details/database").asString()).isEqualTo("PostgreSQL");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
