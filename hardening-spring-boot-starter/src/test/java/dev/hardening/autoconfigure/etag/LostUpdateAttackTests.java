package dev.hardening.autoconfigure.etag;

import dev.hardening.etag.ETag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lost-update protection under attack, with the default path matching: a stale, weak, empty,
 * unquoted, non-ASCII or unterminated {@code If-Match}, stale tags on two lines or in a long list,
 * {@code If-None-Match: *} on a replace, and {@code PUT}, {@code PATCH}, {@code DELETE} without
 * {@code If-Match} through percent-encoded, matrix-parameter, trailing-slash, dot-segment,
 * double-slash and lower-case-method spellings: none of them writes. Holds on the current code.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = LostUpdateAttackTests.App.class,
		properties = "hardening.etag.require-if-match=/projects/**")
class LostUpdateAttackTests {

	@LocalServerPort
	private int port;

	private EtagWire.Response put(String target, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "Content-Type";
		all[1] = "text/plain";
		System.arraycopy(headers, 0, all, 2, headers.length);
		return new EtagWire(this.port).send("PUT", target, "new name", all);
	}

	private static void assertProblem(EtagWire.Response response, int status, String code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.header("Cache-Control")).isEqualTo("no-store");
		assertThat(response.header("ETag")).isNull();
		assertThat(response.body()).contains("\"code\":\"" + code + "\"").doesNotContain("Exception", "\tat ");
		assertThat(response.body()).doesNotContain("written");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"6\"", "W/\"7\"", "W/\"7\", \"6\"", "", " ", ",,,", "7", "'7'", "\"7", "7\"",
			"\"\u00e9\"", "\"7\"junk", "*, \"7\"", "\"7\", *" })
	void anIfMatchThatIsNotTheCurrentStrongTagNeverWrites(String ifMatch) {
		EtagWire.Response response = put("/projects/1", "If-Match", ifMatch);

		assertProblem(response, 412, "PRECONDITION_FAILED");
	}

	@Test
	void staleTagsOnTwoLinesOrInALongListNeverWrite() {
		assertProblem(put("/projects/1", "If-Match", "\"5\"", "If-Match", "\"6\""), 412, "PRECONDITION_FAILED");
		StringBuilder list = new StringBuilder();
		for (int i = 0; i < 600; i++) {
			list.append(i == 0 ? "" : ", ").append("\"x").append(i).append('"');
		}
		assertProblem(put("/projects/1", "If-Match", list.toString()), 412, "PRECONDITION_FAILED");
	}

	@Test
	void theCurrentTagWritesOnAnyLineOfTheList() {
		assertThat(put("/projects/2", "If-Match", "\"5\"", "If-Match", ", \"7\" ,").status()).isEqualTo(200);
	}

	@Test
	void createOnlyNeverReplaces() {
		assertProblem(put("/projects/1", "If-Match", "\"7\"", "If-None-Match", "*"), 412, "PRECONDITION_FAILED");
		assertProblem(put("/projects/1", "If-Match", "\"7\"", "If-None-Match", "W/\"7\""), 412, "PRECONDITION_FAILED");
		assertProblem(put("/projects/1", "If-Match", "\"7\"", "If-None-Match", "junk"), 412, "PRECONDITION_FAILED");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/projects/1", "/projects/1/", "/projects;a=b/1", "/projects/1;v=2", "/%70rojects/1",
			"/projects/%31", "/projects/../projects/1" })
	void anUnconditionalWriteIsRequiredToBeConditionalHoweverThePathIsSpelled(String target) {
		EtagWire wire = new EtagWire(this.port);

		assertProblem(put(target), 428, "PRECONDITION_REQUIRED");
		assertProblem(wire.send("PATCH", target, "x", "Content-Type", "text/plain"), 428, "PRECONDITION_REQUIRED");
		assertProblem(wire.send("DELETE", target, null), 428, "PRECONDITION_REQUIRED");
	}

	@ParameterizedTest
	@ValueSource(strings = { "//projects/1", "/./projects/1", "/x/../projects/1", "/PROJECTS/1", "/projects//1" })
	void aPathTheFilterDoesNotMatchDoesNotReachTheHandlerEither(String target) {
		EtagWire.Response response = put(target);

		assertThat(response.status()).as(response.toString()).isGreaterThanOrEqualTo(400);
		assertThat(response.body()).doesNotContain("written");
	}

	@Test
	void aLowerCaseMethodIsNotAWrite() {
		EtagWire.Response response = new EtagWire(this.port).send("put", "/projects/1", "x", "Content-Type",
				"text/plain");

		assertThat(response.status()).isEqualTo(405);
		assertThat(response.body()).doesNotContain("written");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controller.class)
	static class App {

	}

	@RestController
	static class Controller {

		@RequestMapping(path = "/projects/{id}", method = { RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE })
		ResponseEntity<String> write(@PathVariable long id, ConditionalRequest conditional) {
			conditional.check(ETag.ofVersion(7));
			return ResponseEntity.ok("written " + id);
		}

	}

}
