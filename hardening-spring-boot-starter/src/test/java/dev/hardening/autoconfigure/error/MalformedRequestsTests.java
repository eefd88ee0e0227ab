package dev.hardening.autoconfigure.error;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request shapes that Tomcat and Spring MVC failed on with a {@code 500} before a controller
 * ran, found by {@link MalformedRequestsPropertyTests}, each answered now with a {@code 4xx} problem
 * that neither quotes the input nor is logged as a server failure.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = MalformedRequestsApplication.class,
		properties = { "spring.web.resources.static-locations=classpath:/malformed-static/",
				"spring.servlet.multipart.max-file-size=64KB", "spring.servlet.multipart.max-request-size=128KB",
				"hardening.web.limits.max-parameters=20" })
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestsTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String BOUNDARY = "b0undary";

	private static final String FILE_PART = "--" + BOUNDARY
			+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
			+ "Content-Type: text/plain\r\n\r\nhello\r\n";

	@LocalServerPort
	private int port;

	private RawHttp http;

	@BeforeEach
	void setUp() {
		this.http = new RawHttp(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "*/*", "application/*", "*", "*/*; charset=utf-8" })
	void wildcardContentTypeOfABodyIsUnsupportedMediaType(String contentType, CapturedOutput output) {
		RawHttp.Response response = send("POST", "/api/widgets", "{\"name\":\"a\",\"size\":1}", "Content-Type",
				contentType);

		JsonNode problem = assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
		assertThat(problem.path("detail").asString()).doesNotContain("*/*");
		assertNoServerFailureLogged(output);
	}

	@ParameterizedTest
	@ValueSource(strings = { "name=%zz", "name=a%", "name=%ff%fe", "na%zzme=a", "name=a&%=b" })
	void badlyEncodedFormParameterIsAnInvalidParameter(String body, CapturedOutput output) {
		RawHttp.Response response = send("POST", "/api/forms", body, "Content-Type", FORM);

		JsonNode problem = assertProblem(response, 400, "INVALID_PARAMETER");
		assertThat(problem.path("detail").asString()).doesNotContain("%", "zz");
		assertNoServerFailureLogged(output);
		assertThat(output.getOut()).doesNotContain("value [");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/dates?from=%zz", "/api/dates?from=2020-01-01&%zz=1", "/api/dates?from=%C3%28" })
	void badlyEncodedQueryParameterIsAnInvalidParameter(String target, CapturedOutput output) {
		assertProblem(send("GET", target, ""), 400, "INVALID_PARAMETER");
		assertNoServerFailureLogged(output);
	}

	@Test
	void formBodyPastTheParameterLimitIsTooManyParameters(CapturedOutput output) {
		assertProblem(send("POST", "/api/forms", "name=a" + "&p=1".repeat(50), "Content-Type", FORM), 400,
				"TOO_MANY_PARAMETERS");
		assertProblem(send("POST", "/api/forms?" + "q=1&".repeat(15), "name=a" + "&p=1".repeat(15), "Content-Type", FORM),
				400, "TOO_MANY_PARAMETERS");
		assertNoServerFailureLogged(output);
	}

	@Test
	void badlyEncodedFormBodyOfAPutIsAMalformedBody(CapturedOutput output) {
		// Spring's FormContentFilter parses PUT, PATCH and DELETE forms, before any controller
		JsonNode problem = assertProblem(send("PUT", "/api/forms", "name=%zz", "Content-Type", FORM), 400,
				"MALFORMED_BODY");

		assertThat(problem.path("detail").asString()).doesNotContain("zz");
		assertNoServerFailureLogged(output);
	}

	@Test
	void multipartWithoutBoundaryIsAMalformedBody(CapturedOutput output) {
		JsonNode problem = assertProblem(send("POST", "/api/uploads", FILE_PART + "--" + BOUNDARY + "--\r\n",
				"Content-Type", "multipart/form-data"), 400, "MALFORMED_BODY");

		assertThat(problem.path("detail").asString()).contains("boundary");
		assertProblem(send("POST", "/api/widgets", "x", "Content-Type", "multipart/form-data"), 400, "MALFORMED_BODY");
		assertProblem(send("POST", "/api/forms", "x", "Content-Type", "multipart/form-data"), 400, "MALFORMED_BODY");
		assertNoServerFailureLogged(output);
	}

	@Test
	void truncatedMultipartIsAMalformedBody(CapturedOutput output) {
		String multipart = "multipart/form-data; boundary=" + BOUNDARY;

		assertProblem(send("POST", "/api/uploads", FILE_PART.substring(0, 60), "Content-Type", multipart), 400,
				"MALFORMED_BODY");
		assertProblem(send("POST", "/api/uploads", FILE_PART, "Content-Type", multipart), 400, "MALFORMED_BODY");
		assertProblem(send("POST", "/api/attachments", FILE_PART, "Content-Type", multipart), 400, "MALFORMED_BODY");
		assertNoServerFailureLogged(output);
	}

	@Test
	void bodyThatIsNotMultipartForAFileParameterIsAProblem(CapturedOutput output) {
		RawHttp.Response response = send("POST", "/api/attachments", "{}", "Content-Type", "application/json");

		assertThat(response.status()).isBetween(400, 499);
		assertProblem(response, response.status(), response.status() == 415 ? "UNSUPPORTED_MEDIA_TYPE" : "MALFORMED_BODY");
		assertNoServerFailureLogged(output);
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json;q=abc", "a/b/c", "text/plain;charset=foo", "\"", "*/json" })
	void unparseableAcceptStillGetsAProblemBody(String accept) {
		assertProblem(send("GET", "/api/widgets/1", "", "Accept", accept), 406, "NOT_ACCEPTABLE");
		assertProblem(send("POST", "/api/widgets", "{", "Content-Type", "application/json", "Accept", accept), 400,
				"MALFORMED_BODY");
	}

	@Test
	void methodNotAllowedNamesTheAllowedMethodsNotTheClients() {
		RawHttp.Response response = send("FOOBARBAZ", "/api/widgets", "");

		JsonNode problem = assertProblem(response, 405, "METHOD_NOT_ALLOWED");
		assertThat(problem.path("detail").asString()).isEqualTo("The endpoint supports only POST.")
			.doesNotContain("FOOBARBAZ");
		assertThat(response.header("Allow")).isEqualTo("POST");
	}

	@Test
	void unsupportedMediaTypeNamesTheSupportedTypesNotTheClients() {
		RawHttp.Response response = send("POST", "/api/widgets", "x", "Content-Type", "text/evil-marker");

		JsonNode problem = assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
		assertThat(problem.path("detail").asString()).startsWith("The request body must be one of: application/json")
			.doesNotContain("evil-marker");
		assertThat(response.body()).doesNotContain("evil-marker");
	}

	@Test
	void unparseableContentTypeIsNotQuoted() {
		RawHttp.Response response = send("POST", "/api/widgets", "x", "Content-Type", "text/evil-marker; charset=bogus");

		JsonNode problem = assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
		assertThat(response.body()).doesNotContain("evil-marker", "bogus");
		assertThat(problem.path("detail").asString()).isNotEmpty();
	}

	@Test
	void moreLanguagesThanTomcatAllowsIsAnInvalidParameter(CapturedOutput output) {
		String languages = "en, de;q=0.9, fr;q=0.8, it;q=0.7, es;q=0.6, nl;q=0.5, pt;q=0.4, sv;q=0.3, da;q=0.2, fi;q=0.1, no";

		assertProblem(send("GET", "/api/widgets/1", "", "Accept-Language", languages), 400, "INVALID_PARAMETER");
		assertProblem(send("POST", "/api/widgets", "{", "Content-Type", "application/json", "Accept-Language", languages),
				400, "INVALID_PARAMETER");
		assertNoServerFailureLogged(output);
	}

	@Test
	void moreCookiesThanTomcatAllowsIsABadRequest(CapturedOutput output) {
		StringBuilder cookies = new StringBuilder("session=1");
		for (int i = 0; i < 250; i++) {
			cookies.append("; c").append(i).append("=1");
		}

		// Tomcat refuses these itself, with sendError(400), which the error controller answers
		assertProblem(send("GET", "/api/headers", "", "X-Count", "1", "Cookie", cookies.toString()), 400,
				"BAD_REQUEST");
		assertNoServerFailureLogged(output);
	}

	@Test
	void pathThatIsNotAValidUriIsStillAProblem(CapturedOutput output) {
		JsonNode problem = assertProblem(send("GET", "//", ""), 404, "NOT_FOUND");

		assertThat(problem.path("instance").asString()).isEqualTo("/%2F");
		assertThat(output.getOut()).doesNotContain("Failure in @ExceptionHandler", "Exception");
	}

	@ParameterizedTest
	@ValueSource(strings = { "session=%", "session=%zz", "session=a%4" })
	void cookieThatIsNotCorrectlyPercentEncodedIsAnInvalidParameter(String cookie, CapturedOutput output) {
		// Spring percent-decodes a @CookieValue
		assertProblem(send("GET", "/api/headers", "", "X-Count", "1", "Cookie", cookie), 400, "INVALID_PARAMETER");
		assertNoServerFailureLogged(output);
	}

	@Test
	void invalidCookieHeaderIsNotQuotedInTheLog(CapturedOutput output) {
		// Tomcat logs the first invalid Cookie header of the JVM at INFO, quoting it
		RawHttp.Response response = send("GET", "/api/headers", "", "X-Count", "1", "Cookie",
				"\"unterminated-marker\";");

		assertThat(response.status()).isEqualTo(200);
		assertThat(output.getOut()).doesNotContain("unterminated-marker");
	}

	private RawHttp.Response send(String method, String target, String body, String... headers) {
		List<String[]> pairs = new ArrayList<>();
		for (int i = 0; i < headers.length; i += 2) {
			pairs.add(new String[] { headers[i], headers[i + 1] });
		}
		return this.http.send(method, target, pairs, body.getBytes(StandardCharsets.ISO_8859_1));
	}

	static JsonNode assertProblem(RawHttp.Response response, int status, String code) {
		assertThat(response.status()).as("status of %s", response).isEqualTo(status);
		assertThat(response.header("Content-Type")).as("content type of %s", response)
			.isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("code").asString()).isEqualTo(code);
		assertThat(problem.path("detail").asString()).isNotEmpty();
		assertThat(problem.path("requestId").asString()).isEqualTo(response.header("X-Request-ID"));
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "java.", "tomcat");
		return problem;
	}

	private static void assertNoServerFailureLogged(CapturedOutput output) {
		assertThat(output.getOut()).doesNotContain("Unexpected error", "Exception");
	}

}
