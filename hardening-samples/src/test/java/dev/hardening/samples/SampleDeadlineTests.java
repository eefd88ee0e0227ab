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
 * The sample's reports run under a 1 s deadline: a short report is built, a long one is stopped
 * with a 504 problem.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
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
	void aReportTooLongForItsSecondIsStoppedWith504() throws Exception {
		HttpResponse<String> report = get("/reports/summary?sections=20");

		assertThat(report.statusCode()).isEqualTo(504);
		JsonNode problem = JSON.readTree(report.body());
		assertThat(problem.path("code").asString()).isEqualTo("DEADLINE_EXCEEDED");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
