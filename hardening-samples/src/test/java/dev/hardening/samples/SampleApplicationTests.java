package dev.hardening.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

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

/**
 * The sample as a client meets it: the "Done when" of the foundation, over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void unknownPathIsANotFoundProblemWithCodeAndRequestId() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/nowhere")).GET());

		JsonNode problem = assertProblem(response, 404);
		assertThat(problem.path("code").asString()).isEqualTo("NOT_FOUND");
	}

	@Test
	void unknownProjectIsANotFoundProblemNamingIt() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/projects/999")).GET());

		JsonNode problem = assertProblem(response, 404);
		assertThat(problem.path("detail").asString()).isEqualTo("Project 999 does not exist.");
		assertThat(problem.path("projectId").asLong()).isEqualTo(999);
	}

	@Test
	void invalidProjectIsAValidationProblem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/projects"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"\", \"owner\": \"nobody\"}")));

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("name", "owner");
	}

	@Test
	void malformedJsonIsABadRequestProblem() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/projects"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": ")));

		JsonNode problem = assertProblem(response, 400);
		assertThat(problem.path("code").asString()).isEqualTo("MALFORMED_BODY");
	}

	@Test
	void echoesASafeRequestIdAndLogsEveryLineOfTheRequestWithIt(CapturedOutput output) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/projects"))
			.header("Content-Type", "application/json")
			.header("X-Request-ID", "abc")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Apollo\", \"owner\": \"lead@example.com\"}")));

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("abc");
		long id = JSON.readTree(response.body()).path("id").asLong();
		assertThat(output.getOut()).containsPattern("\\[abc\\] .*Created project " + id);
		// the line docs/request-id.md quotes, as the sample prints it: level, application, the
		// request ID in its slot, the logger, the message
		assertThat(output.getOut().lines().filter((line) -> line.endsWith(" : Created project " + id)))
			.singleElement()
			.asString()
			.matches("\\S+ +INFO \\d+ --- \\[projects-sample\\] \\[.+\\] \\[abc\\] d\\.h\\.samples\\.projects\\.ProjectController +: Created project "
					+ id);
		assertThat(java.nio.file.Files.readString(DocSnippet.repository().resolve("docs/request-id.md")))
			.containsPattern("\\S+ +INFO \\d+ --- \\[projects-sample\\] \\[.+\\] \\[abc\\] d\\.h\\.samples\\.projects\\.ProjectController +: Created project \\d+");
	}

	@Test
	void replacesARequestIdFoldedOverTwoLines() throws IOException {
		String response = raw("GET /projects HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: abc\r\n X-Injected: 1\r\n"
				+ "Connection: close\r\n\r\n");

		assertThat(response).startsWith("HTTP/1.1 200").doesNotContain("X-Injected").doesNotContain("X-Request-ID: abc");
		assertThat(response).containsPattern("X-Request-ID: [0-9a-f-]{36}\r\n");
	}

	private JsonNode assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = JSON.readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("requestId").asString()).isNotEmpty()
			.isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
		return problem;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private String raw(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.ISO_8859_1);
		}
	}

}
