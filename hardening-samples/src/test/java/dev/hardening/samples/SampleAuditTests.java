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
 * The sample audits its project changes into the jdbc sink: an update made through the API is an
 * event with the request's ID and the client's address, listed by {@code /actuator/audit}, and the
 * chain verifies (the demo profile exposes the endpoint).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class SampleAuditTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void aProjectUpdateIsAuditedAndTheChainVerifies() throws Exception {
		HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/projects"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Audited\", \"owner\": \"lead@example.com\"}")));
		long id = JSON.readTree(created.body()).path("id").asLong();
		HttpResponse<String> updated = send(HttpRequest.newBuilder(uri("/projects/" + id))
			.header("Content-Type", "application/json")
			.header("If-Match", "\"1\"")
			.header("X-Request-ID", "audited-update-" + id)
			.PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Audited 2\", \"owner\": \"lead@example.com\"}")));
		assertThat(updated.statusCode()).isEqualTo(200);

		JsonNode events = JSON.readTree(send(HttpRequest.newBuilder(uri("/actuator/audit?action=project.update&size=500")))
			.body()).path("events");
		assertThat(events.valueStream().filter((event) -> event.path("resourceId").asString().equals(Long.toString(id))))
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.path("outcome").asString()).isEqualTo("success");
				assertThat(event.path("requestId").asString()).isEqualTo("audited-update-" + id);
				assertThat(event.path("clientAddress").asString()).isEqualTo("127.0.0.1");
			});
		JsonNode verification = JSON.readTree(send(HttpRequest.newBuilder(uri("/actuator/audit/verify"))).body());
		assertThat(verification.path("valid").asBoolean()).isTrue();
		assertThat(verification.path("events").asLong()).isPositive();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
