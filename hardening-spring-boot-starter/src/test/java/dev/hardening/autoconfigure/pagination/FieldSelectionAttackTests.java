package dev.hardening.autoconfigure.pagination;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outsider's attack on {@code fields} through Tomcat: percent-encoding and repetition mean
 * what the decoded, joined list means; anything past the limits is {@code INVALID_PARAMETER};
 * the selection's answers keep their page headers and get ETags of their own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PagingAttackApplication.class,
		properties = { "hardening.pagination.total-count-header=true",
				"hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors",
				"hardening.pagination.fields.paths=/attacker/**" })
class FieldSelectionAttackTests {

	@LocalServerPort
	private int port;

	private HttpResponse<String> get(String pathAndQuery, String... headers) {
		return new TestHttp(this.port).get(pathAndQuery, headers);
	}

	private String body(String pathAndQuery) {
		HttpResponse<String> response = get(pathAndQuery);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response.body()).toString();
	}

	@Test
	void encodedSeparatorsNamesAndRepetitionsMeanTheDecodedList() {
		String plain = body("/attacker/things/1?fields=id,owner.name");

		assertThat(plain).isEqualTo("{\"id\":1,\"owner\":{\"name\":\"owner 1\"}}");
		for (String query : new String[] { "fields=id%2Cowner.name", "fields=id%2cowner%2Ename", "fields=%69d,owner.name",
				"fields=id&fields=owner.name", "f%69elds=id&fields=owner.name", "fields=owner.name,id",
				"fields=+id+,+owner.name+", "fields=id%20,%09owner.name" }) {
			assertThat(body("/attacker/things/1?" + query)).as(query).isEqualTo(plain);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "a..b", "id%00", "id%0D%0AX-Injected:%201", "id;title", "id%3Btitle", "id%5B0%5D",
			"%E2%80%AEid", "id,", "%2C", "", "owner%5C.name", "owner/name", "owner%2Fname", "*" })
	void malformedSelectionsAreInvalidParameterAndNotEchoed(String value) {
		HttpResponse<String> response = get("/attacker/things/1?fields=" + value);

		JsonNode problem = assertProblem(response, 400, "INVALID_PARAMETER");
		assertThat(problem.path("parameter").asString()).isEqualTo("fields");
		assertThat(response.headers().firstValue("X-Injected")).isEmpty();
		assertThat(response.body()).doesNotContain("Injected", "%0D", "\\r", "id;", "\u202e");
	}

	@Test
	void veryLongOrDeepOrWideSelectionsAreInvalidParameter() {
		assertProblem(get("/attacker/things/1?fields=" + "a".repeat(5_000)), 400, "INVALID_PARAMETER");
		assertProblem(get("/attacker/things/1?fields=" + "a.".repeat(8) + "a"), 400, "INVALID_PARAMETER");
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 65; i++) {
			names.add("f" + i);
		}
		assertProblem(get("/attacker/things/1?fields=" + String.join(",", names)), 400, "INVALID_PARAMETER");
		assertProblem(get("/attacker/things/1?fields=" + String.join("&fields=", names)), 400, "INVALID_PARAMETER");
		assertProblem(get("/attacker/things/1?fields=" + "id,".repeat(64) + "id"), 400, "INVALID_PARAMETER");
		// at the limits: unknown, not malformed
		assertProblem(get("/attacker/things/1?fields=" + "a".repeat(64)), 400, "UNKNOWN_FIELD");
		assertProblem(get("/attacker/things/1?fields=" + "owner." + "a.".repeat(6) + "a"), 400, "UNKNOWN_FIELD");
	}

	@Test
	void anUnknownFieldIsListedAndTheSelectionOfAPageKeepsItsHeaders() {
		JsonNode unknown = assertProblem(get("/attacker/things/1?fields=id,colour,owner.phone"), 400, "UNKNOWN_FIELD");
		assertThat(unknown.path("fields").toString()).isEqualTo("[\"colour\",\"owner.phone\"]");
		// the envelope is not selectable: its name is asked of each item
		assertProblem(get("/attacker/items?fields=total"), 400, "UNKNOWN_FIELD");

		HttpResponse<String> page = get("/attacker/items?size=2&page=2&fields=id");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(json(page.body()).path("items").toString()).isEqualTo("[{\"id\":3},{\"id\":4}]");
		assertThat(json(page.body()).path("total").asLong()).isEqualTo(95);
		assertThat(page.headers().firstValue("X-Total-Count")).hasValue("95");
		assertThat(page.headers().firstValue("Link").orElseThrow()).contains("</attacker/items?fields=id&page=3&size=2>; rel=\"next\"");
	}

	@Test
	void aCursorPageKeepsItsCursorsAndLinksUnderASelection() {
		HttpResponse<String> first = get("/attacker/events?size=2&fields=id");
		JsonNode page = json(first.body());
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(page.path("items").toString()).isEqualTo("[{\"id\":1},{\"id\":2}]");
		String next = null;
		for (String link : first.headers().firstValue("Link").orElseThrow().split(", ")) {
			if (link.endsWith("rel=\"next\"")) {
				next = link.substring(1, link.indexOf('>'));
			}
		}
		assertThat(next).isEqualTo("/attacker/events?size=2&fields=id&cursor=" + page.path("nextCursor").asString());
		assertThat(json(get(next).body()).path("items").toString()).isEqualTo("[{\"id\":3},{\"id\":4}]");
	}

	@Test
	void problemsAreNeverTrimmed() {
		JsonNode problem = assertProblem(get("/attacker/items?page=0&fields=id"), 400, "INVALID_PAGE");
		assertThat(problem.path("parameter").asString()).isEqualTo("page");
		assertProblem(get("/attacker/events?cursor=AAAA&fields=code"), 400, "INVALID_CURSOR");
	}

	@Test
	void eachSelectionOfAListHasItsOwnShallowETag() {
		HttpResponse<String> ids = get("/attacker/items?size=3&fields=id");
		HttpResponse<String> titles = get("/attacker/items?size=3&fields=title");
		String idTag = ids.headers().firstValue("ETag").orElseThrow();
		String titleTag = titles.headers().firstValue("ETag").orElseThrow();

		assertThat(idTag).isNotEqualTo(titleTag);
		assertThat(get("/attacker/items?size=3&fields=id", "If-None-Match", idTag).statusCode()).isEqualTo(304);
		assertThat(get("/attacker/items?size=3&fields=title", "If-None-Match", idTag).statusCode()).isEqualTo(200);
	}

	@Test
	void aDeepETagStaysTheResourcesWhateverTheSelection() {
		String whole = get("/attacker/things/1").headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> selected = get("/attacker/things/1?fields=id");

		assertThat(selected.headers().firstValue("ETag")).hasValue(whole);
		assertThat(get("/attacker/things/1?fields=id", "If-None-Match", whole).statusCode()).isEqualTo(304);
	}

}
