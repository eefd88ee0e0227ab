package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample in its demo profile: health with the database and its pool, the deliberate N+1
 * endpoint and its one warning, and the hardening report endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@ExtendWith(OutputCaptureExtension.class)
class SampleOperationsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void healthShowsTheDatabaseAndItsPoolAndReadinessIncludesIt() throws Exception {
		JsonNode db = JSON.readTree(get("/actuator/health").body()).at("/components/db");

		assertThat(db.get("status").asString()).isEqualTo("UP");
		assertThat(db.at("/details/database").asString()).isEqualTo("H2");
		assertThat(db.at("/details/pool/max").asInt()).isEqualTo(10);
		assertThat(db.at("/details/pool/active").isNumber()).isTrue();
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	@Test
	void theNPlusOneEndpointLogsOneWarningNamingItAndItsStatement(CapturedOutput output) throws Exception {
		assertThat(get("/demo/latest-event-per-project").statusCode()).isEqualTo(200);

		// the warning is written once the request is over, which the client may see first
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(warnings(output)).singleElement()
				.asString()
				.contains("ran 26 statements")
				.contains("SELECT project_id, type, occurred_at FROM events WHERE project_id = ?"));
		// the line docs/operations.md quotes, but for the request ID and the time it took
		String quoted = java.nio.file.Files.readAllLines(DocSnippet.repository().resolve("docs/operations.md"))
			.stream()
			.filter((line) -> line.startsWith("WARN ... [") && line.contains("hardening.jdbc : GET /demo/latest-event-per-project"))
			.findFirst()
			.orElseThrow();
		String printed = warnings(output).get(0);
		assertThat(printed).contains(" WARN ").contains(" hardening.jdbc ");
		assertThat(withoutIdAndTime(printed.substring(printed.indexOf(" : ") + 3)))
			.isEqualTo(withoutIdAndTime(quoted.substring(quoted.indexOf(" : ") + 3)));
	}

	private static String withoutIdAndTime(String message) {
		return message.replaceAll("in \\d+ ms", "in … ms");
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("WARN") && line.contains("/demo/latest-event-per-project"))
			.toList();
	}

	@Test
	void theReportEndpointListsFindingsAndSettings() throws Exception {
		HttpResponse<String> response = get("/actuator/hardening");
		JsonNode report = JSON.readTree(response.body());

		assertThat(response.statusCode()).isEqualTo(200);
		// what docs/hardening-report.md shows of it
		JsonNode finding = java.util.stream.StreamSupport.stream(report.get("findings").spliterator(), false)
			.filter((node) -> node.get("id").asString().equals("HR-CURSOR-SECRET"))
			.findFirst()
			.orElseThrow();
		assertThat(finding.get("severity").asString()).isEqualTo("MEDIUM");
		assertThat(finding.get("found").asString()).startsWith(
				"hardening.pagination.cursor-secret is not set: cursors are signed with a random key, ");
		assertThat(finding.get("fix").asString())
			.startsWith("Set hardening.pagination.cursor-secret from the environment or a mounted secret ");
		JsonNode health = report.at("/settings/hardening.health");
		assertThat(health.get("cacheTtl").asString()).isEqualTo("5s");
		assertThat(health.at("/db/maxAcquireTime").asString()).isEqualTo("500ms");
		assertThat(health.at("/db/maxPendingThreads").asInt()).isZero();
		assertThat(health.at("/db/pressureStatus").asString()).isEqualTo("UP");
		assertThat(health.get("enabled").asBoolean()).isTrue();
		assertThat(report.at("/settings/hardening.pagination/cursorSecret").toString()).isEqualTo("\"\"");
		assertThat(report.at("/settings/hardening.web/allowedHosts").toString())
			.isEqualTo("[\"localhost\",\"127.0.0.1\",\"[::1]\"]");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
