package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's rate limits on its defaults. A context of its own (the property below), so its
 * buckets start full whatever the other test classes spent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.test=rate-limits")
class SampleRateLimitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void the101stRequestInAMinuteIsRejectedWithRetryAfterAndRateLimitFields() throws Exception {
		for (int i = 1; i <= 100; i++) {
			HttpResponse<String> response = get("/projects");
			assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit")).get()
				.asString()
				.startsWith("\"per-ip\";r=" + (100 - i) + ";t=");
		}

		HttpResponse<String> rejected = get("/projects");

		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(rejected.headers().firstValue("Retry-After")).isPresent();
		assertThat(rejected.headers().firstValue("RateLimit-Policy")).hasValue("\"per-ip\";q=100;w=60");
		assertThat(rejected.headers().firstValue("RateLimit")).get().asString().startsWith("\"per-ip\";r=0;t=");
		JsonNode problem = JSON.readTree(rejected.body());
		assertThat(problem.path("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(problem.path("requestId").asString()).isNotEmpty();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
