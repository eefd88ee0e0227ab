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
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's per-address policy: a context of its own, so its buckets start full whatever the
 * other test classes spent. The policy keeps its capacity of 100 but refills over an hour rather
 * than a minute, so a slow machine cannot earn a token back during the test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("slow-refill")
class SampleRateLimitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void the101stRequestInAMinuteIsRejectedWithRetryAfterAndRateLimitFields() throws Exception {
		for (int i = 1; i <= 100; i++) {
			// no proxy is trusted: a forged X-Forwarded-For changes nothing
			HttpResponse<String> response = get("/projects", "X-Forwarded-For", "203.0.113." + i);
			assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
			assertThat(response.headers().firstValue("RateLimit")).get()
				.asString()
				.startsWith("\"per-ip\";r=" + (100 - i) + ";t=");
		}

		HttpResponse<String> rejected = get("/projects");

		assertThat(rejected.statusCode()).isEqualTo(429);
		assertThat(rejected.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(rejected.headers().firstValue("Retry-After")).isPresent();
		assertThat(rejected.headers().firstValue("RateLimit-Policy")).hasValue("\"per-ip\";q=100;w=3600");
		assertThat(rejected.headers().firstValue("RateLimit")).get().asString().startsWith("\"per-ip\";r=0;t=");
		JsonNode problem = JSON.readTree(rejected.body());
		assertThat(problem.path("code").asString()).isEqualTo("RATE_LIMITED");
		assertThat(problem.path("requestId").asString()).isNotEmpty();
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
