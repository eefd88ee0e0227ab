package dev.hardening.autoconfigure.error;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile methods, paths, header sections and {@code Accept} headers, over a raw socket: each is
 * a {@code 4xx} {@code application/problem+json} with a stable code (protection holds), never
 * Tomcat's HTML page, its version, or a stack trace; a {@code HEAD} error has no body.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileClientApplication.class)
class HostileMethodsAndPathsTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "PROPFIND", "get", "FOOBAR", "DELETE", "PATCH", "M-SEARCH" })
	void anUnsupportedMethodNamesTheEndpointsMethodsNotTheClients(String method) {
		RawHttp.Response response = send(method, "/hostile/items");

		JsonNode problem = problem(response, 405, "METHOD_NOT_ALLOWED");
		assertThat(response.header("Allow")).isEqualTo("POST");
		assertThat(problem.path("detail").asString()).isEqualTo("The endpoint supports only POST.");
	}

	@Test
	void aHeadErrorHasTheProblemsHeadersAndNoBody() {
		RawHttp.Response notFound = send("HEAD", "/nowhere");
		RawHttp.Response wrongMethod = send("HEAD", "/hostile/items");

		assertThat(notFound.status()).isEqualTo(404);
		assertThat(notFound.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(notFound.body()).isEmpty();
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
		assertThat(wrongMethod.body()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/hostile/%2F/x", "/hostile/a\\b", "/hostile/%00", "/hostile/%2e%2e/%2e%2e/x", "/hostile/%c0%ae%c0%ae/x",
			"/hostile/kinds/x\u0085y", "/hostile/kinds/\u00c2\u0085Atk69mk", "/hostile/kinds/\u009b31m", "/hostile/%", "/hostile/%zz",
			"/hostile/..%2f..%2fetc", "/hostile/%u002e" })
	void aPathTomcatRefusesIsAProblemNotTomcatsPage(String target) {
		RawHttp.Response response = send("GET", target);

		assertThat(response.status()).as("%s", response).isBetween(400, 499);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).matches("[A-Z_]+");
		assertThat(response.body()).doesNotContain("Tomcat", "<html", "Exception", HostileClientApplication.MARKER);
		assertThat(response.header("Server")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/hostile/%2F/x", "/hostile/%00", "/hostile/%2e%2e/%2e%2e/x" })
	void aHeadRequestTomcatRefusesHasNoBody(String target) {
		RawHttp.Response response = send("HEAD", target);

		assertThat(response.status()).as("%s", response).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.body()).isEmpty();
	}

	@Test
	void aRequestLineOrHeaderSectionTooLargeIsAProblem() {
		RawHttp.Response longUri = send("GET", "/hostile/" + "x".repeat(9000));
		RawHttp.Response longHeader = send("GET", "/hostile/kinds/SMALL", "X-Big", "x".repeat(9000));
		List<String> many = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			many.add("X-H" + i);
			many.add("v");
		}
		RawHttp.Response manyHeaders = send("GET", "/hostile/kinds/SMALL", many.toArray(String[]::new));

		for (RawHttp.Response response : List.of(longUri, longHeader, manyHeaders)) {
			assertThat(response.status()).as("%s", response).isIn(400, 414, 431);
			assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
			assertThat(json(response.body()).path("code").asString()).isIn("HEADERS_TOO_LARGE", "URI_TOO_LONG",
					"BAD_REQUEST");
			assertThat(response.body()).doesNotContain("Tomcat", "<html", "x".repeat(100));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/xml", "text/plain", "image/png", "*/*;q=0", "application/json;q=0",
			"a/b/c", ";;;", "text/html;q=x", "Atk69mk/Atk69mk;q=2" })
	void anErrorIsAProblemWhateverTheAcceptHeaderSays(String accept) {
		RawHttp.Response response = send("GET", "/hostile/ids/Atk69mk", "Accept", accept);

		JsonNode problem = problem(response, 400, "INVALID_PARAMETER");
		assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo("must be a UUID");
	}

	@Test
	void aHugeAcceptHeaderIsACleanNotAcceptable() {
		RawHttp.Response response = send("GET", "/hostile/kinds/SMALL", "Accept", "x".repeat(7000));

		problem(response, 406, "NOT_ACCEPTABLE");
		assertThat(response.body()).doesNotContain("xxxx");
	}

	private static JsonNode problem(RawHttp.Response response, int status, String code) {
		assertThat(response.status()).as("%s", response).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo(code);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(response.body()).doesNotContain("Exception", "java.", "\tat ");
		String withoutInstance = response.body().replace(problem.path("instance").asString(), "");
		assertThat(withoutInstance).doesNotContain(HostileClientApplication.MARKER);
		return problem;
	}

	private RawHttp.Response send(String method, String target, String... headers) {
		List<String[]> pairs = new ArrayList<>();
		for (int i = 0; i < headers.length; i += 2) {
			pairs.add(new String[] { headers[i], headers[i + 1] });
		}
		return new RawHttp(this.port).send(method, target, pairs, "".getBytes(StandardCharsets.ISO_8859_1));
	}

}
