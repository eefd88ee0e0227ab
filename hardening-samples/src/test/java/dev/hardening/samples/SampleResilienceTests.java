package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
 * The sample's quotes come from a flaky upstream through an auto-configured RestClient: clients
 * get their quotes despite its failures, and when it goes down the breaker opens, health shows it,
 * and it closes once the upstream is back. Time is moved by hand.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.test=resilience")
class SampleResilienceTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MutableClock CLOCK = MutableClock.start();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void clientsGetTheirQuotesDespiteAnUpstreamThatFailsHalfTheTimeAndABreakerWhenItIsDown() throws Exception {
		failureRate(0.5);
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> quote = send("GET", "/quotes/ACME", null);
			assertThat(quote.statusCode()).as("quote %d: %s", i + 1, quote.body()).isEqualTo(200);
			assertThat(JSON.readTree(quote.body()).path("symbol").asString()).isEqualTo("ACME");
		}

		failureRate(1.0);
		HttpResponse<String> failed = send("GET", "/quotes/ACME", null);
		assertThat(failed.statusCode()).isEqualTo(502);
		assertThat(failed.body()).contains("\"code\":\"UPSTREAM_UNAVAILABLE\"");
		HttpResponse<String> open = failed;
		for (int i = 0; i < 10 && open.statusCode() != 503; i++) {
			open = send("GET", "/quotes/ACME", null);
		}
		assertThat(open.statusCode()).isEqualTo(503);
		assertThat(open.body()).contains("\"code\":\"CIRCUIT_OPEN\"", "\"policy\":\"quotes\"");
		assertThat(open.headers().firstValue("Retry-After")).hasValue("10");
		assertThat(breakerState()).isEqualTo("OPEN");

		failureRate(0.0);
		CLOCK.advance(Duration.ofSeconds(11));
		for (int i = 0; i < 3; i++) {
			assertThat(send("GET", "/quotes/ACME", null).statusCode()).isEqualTo(200);
		}
		assertThat(breakerState()).isEqualTo("CLOSED");

		// Spring Boot bound both kinds of meter: ours, and Resilience4j's for the breaker
		HttpResponse<String> calls = send("GET",
				"/actuator/metrics/hardening.resilience.calls?tag=policy:quotes&tag=kind:successful_with_retry", null);
		assertThat(calls.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(calls.body()).path("measurements").get(0).path("value").asDouble()).isPositive();
		assertThat(send("GET", "/actuator/metrics/resilience4j.circuitbreaker.state?tag=name:quotes", null).statusCode())
			.isEqualTo(200);
	}

	private String breakerState() throws Exception {
		HttpResponse<String> health = send("GET", "/actuator/health/resilience", null);
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(health.body());
		assertThat(body.path("status").asString()).isEqualTo("UP");
		return body.path("details").path("quotes").path("state").asString();
	}

	private void failureRate(double rate) throws Exception {
		assertThat(send("PUT", "/upstream/failure-rate", "{\"failureRate\": " + rate + "}").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
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
