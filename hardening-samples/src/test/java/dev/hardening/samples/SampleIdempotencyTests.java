package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.resilience.ResiliencePolicyCustomizer;
import dev.hardening.test.MutableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's idempotent POSTs: a retried POST /projects creates one project, and the sample's
 * own client places an order with a flaky upstream under one key across its attempts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.test=idempotency")
class SampleIdempotencyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MutableClock CLOCK = MutableClock.start();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void aRetriedPostOfAProjectCreatesOneProjectAndGetsTheFirstAnswer() throws Exception {
		String body = "{\"name\":\"Idempotent\",\"owner\":\"idem@example.com\"}";
		HttpResponse<String> first = send("POST", "/projects", body, "Idempotency-Key", "\"create-idempotent-1\"");
		HttpResponse<String> retry = send("POST", "/projects", body, "Idempotency-Key", "\"create-idempotent-1\"");

		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));

		HttpResponse<String> reused = send("POST", "/projects", body.replace("Idempotent", "Other"), "Idempotency-Key",
				"\"create-idempotent-1\"");
		assertThat(reused.statusCode()).isEqualTo(422);
		assertThat(JSON.readTree(reused.body()).path("code").asString()).isEqualTo("IDEMPOTENCY_KEY_MISMATCH");
	}

	@Test
	void theSamplesClientRetriesAnOrderUnderOneKeyUntilTheUpstreamTakesIt() throws Exception {
		assertThat(send("PUT", "/upstream/failure-rate", "{\"failureRate\": 0.5}").statusCode()).isEqualTo(200);
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> order = send("POST", "/quotes/ACME/orders", null);
			assertThat(order.statusCode()).as(order.body()).isEqualTo(201);
			JsonNode placed = JSON.readTree(order.body());
			assertThat(placed.path("idempotencyKey").asString()).matches("\"[0-9a-f-]{36}\"");
		}
		assertThat(send("PUT", "/upstream/failure-rate", "{\"failureRate\": 0.3}").statusCode()).isEqualTo(200);
	}

	@Test
	void theUpstreamRefusesAnOrderWithoutAKey() throws Exception {
		HttpResponse<String> refused = send("POST", "/upstream/orders", "{}");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(refused.body()).path("code").asString()).isEqualTo("IDEMPOTENCY_KEY_MISSING");
	}

	private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@TestConfiguration
	static class HandMovedTime {

		@Bean
		ResiliencePolicyCustomizer handMovedTime() {
			return (name, builder) -> builder.clock(CLOCK).sleeper(CLOCK::advance);
		}

	}

}
