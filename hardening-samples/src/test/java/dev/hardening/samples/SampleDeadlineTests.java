package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's reports run under a 1 s deadline: a short report is built, a long one is stopped
 * with a 504 problem and logged as a slow request with its code.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SampleDeadlineTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void aReportThatFitsItsSecondIsBuiltWithTheTimeLeft() throws Exception {
		// the application's first request pays for loading classes, which is no report's budget
		get("/projects");
		HttpResponse<String> report = get("/reports/summary?sections=1");

		assertThat(report.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(report.body()).path("leftMillis").asLong()).isBetween(0L, 1000L);
	}

	@Test
	void aReportTooLongForItsSecondIsStoppedWith504(CapturedOutput output) throws Exception {
		HttpResponse<String> report = get("/reports/summary?sections=20");

		assertThat(report.statusCode()).isEqualTo(504);
		JsonNode problem = JSON.readTree(report.body());
		assertThat(problem.path("code").asString()).isEqualTo("DEADLINE_EXCEEDED");
		// its access event, as deadlines.md describes it: slow (past the 1 s threshold), with the code
		String requestId = problem.path("requestId").asString();
		JsonNode access = await().atMost(Duration.ofSeconds(30))
			.until(() -> output.getOut()
				.lines()
				.filter((line) -> line.startsWith("{") && line.contains("\"requestId\":\"" + requestId + "\""))
				.map(JSON::readTree)
				.filter((line) -> "hardening.access".equals(line.at("/log/logger").asString()))
				.findFirst(), java.util.Optional::isPresent)
			.orElseThrow();
		assertThat(access.path("message").asString())
			.matches("GET /reports/summary 504 \\d+ ms \\(slow\\) id=" + requestId + " client=127\\.0\\.0\\.1");
		assertThat(access.at("/error/code").asString()).isEqualTo("DEADLINE_EXCEEDED");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
