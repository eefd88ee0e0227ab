package dev.hardening.autoconfigure.pagination;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query Tomcat cannot read, sent to a page, a field selection or any JSON answer: found by
 * {@code curl} on the sample, where {@code GET /projects?x=%zz} was answered
 * {@code "parameter":"fields"}, naming a parameter the client never sent (the field selection
 * had been the first to ask for one), with a detail about {@code name=value} pairs for what was a
 * percent-encoding mistake. Pagination had its own answer for a query it could not read; it now
 * leaves it to the error handling, which answers it the same wherever it is first read
 * (docs/errors.md): no {@code parameter}, as the container does not say which one it could not
 * read. Too many parameters stay {@code TOO_MANY_PARAMETERS} on every path.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PagingAttackApplication.class,
		properties = { "hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors",
				"hardening.pagination.fields.paths=/attacker/**", "hardening.web.limits.max-parameters=20" })
class UnreadableQueryProblemTests {

	private static final String[] PATHS = { "/attacker/items", "/attacker/events", "/attacker/things/1" };

	@LocalServerPort
	private int port;

	static Stream<Arguments> unreadableQueries() {
		String badEscape = "A query or form parameter is not correctly percent-encoded, or not valid in its charset.";
		String noName = "A query or form parameter has no name; parameters are name=value pairs joined by '&'.";
		return Stream.of(Arguments.of("x=%zz", badEscape), Arguments.of("x=%", badEscape),
				Arguments.of("size=5&%FF=1", badEscape), Arguments.of("x=%C3%28", badEscape), Arguments.of("=x", noName),
				Arguments.of("a&=&size=5", noName));
	}

	@ParameterizedTest
	@MethodSource("unreadableQueries")
	void anUnreadableQueryIsAnInvalidParameterThatNamesNone(String query, String detail) {
		for (String path : PATHS) {
			JsonNode problem = problem(path + "?" + query, "INVALID_PARAMETER");
			assertThat(problem.path("parameter").isMissingNode()).as(path + "?" + query + ": " + problem).isTrue();
			assertThat(problem.path("detail").asString()).as(path + "?" + query).isEqualTo(detail);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/attacker/items", "/attacker/events", "/attacker/things/1" })
	void tooManyParametersAreTooManyParametersOnEveryPath(String path) {
		problem(path + "?" + "a=1&".repeat(30), "TOO_MANY_PARAMETERS");
	}

	/** Sends the target as raw bytes (a client's URI class refuses them) and reads the 400 problem. */
	private JsonNode problem(String target, String code) {
		String raw = new TestHttp(this.port)
			.raw(("GET " + target + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
		assertThat(head).as(target).startsWith("HTTP/1.1 400 ").containsIgnoringCase("application/problem+json");
		JsonNode problem = json(raw.substring(raw.indexOf("\r\n\r\n") + 4));
		assertThat(problem.path("code").asString()).as(target + ": " + problem).isEqualTo(code);
		return problem;
	}

}
