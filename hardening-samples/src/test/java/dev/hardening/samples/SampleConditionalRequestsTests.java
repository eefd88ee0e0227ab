package dev.hardening.samples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's project resource: a deep ETag from the version, and updates that must name it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.test=conditional-requests")
class SampleConditionalRequestsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String CHANGES = "{\"name\": \"Renamed\", \"owner\": \"lead@example.com\"}";

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void aClientWithACurrentCopyGetsA304() throws Exception {
		HttpResponse<String> first = send("GET", "/projects/1", null);
		String etag = first.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> again = send("GET", "/projects/1", null, "If-None-Match", etag);

		assertThat(etag).isEqualTo("\"" + JSON.readTree(first.body()).path("version").asLong() + "\"");
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.headers().firstValue("ETag")).hasValue(etag);
		assertThat(again.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
		assertThat(again.body()).isEmpty();
	}

	@Test
	void anUpdateWithoutIfMatchIsRefusedAndAStaleOneIsAConflict() throws Exception {
		String path = send("POST", "/projects", "{\"name\": \"Gemini\", \"owner\": \"lead@example.com\"}")
			.headers()
			.firstValue("Location")
			.orElseThrow();
		String current = send("GET", path, null).headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> unconditional = send("PUT", path, CHANGES);
		HttpResponse<String> updated = send("PUT", path, CHANGES, "If-Match", current);
		HttpResponse<String> stale = send("PUT", path, CHANGES, "If-Match", current);

		assertThat(unconditional.statusCode()).isEqualTo(428);
		assertThat(unconditional.body()).contains("\"code\":\"PRECONDITION_REQUIRED\"");
		assertThat(updated.statusCode()).isEqualTo(200);
		assertThat(updated.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(current);
		assertThat(stale.statusCode()).isEqualTo(412);
		assertThat(stale.body()).contains("\"code\":\"PRECONDITION_FAILED\"");
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

}
