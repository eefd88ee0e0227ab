package dev.hardening.autoconfigure.pagination;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outsider's attack on page parameters and cursors through Tomcat: whatever the query, the
 * answer is a page in range or a {@code 400} problem with its code, never a {@code 500}, never the
 * input echoed back.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PagingAttackApplication.class,
		properties = { "hardening.pagination.total-count-header=true",
				"hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors",
				"hardening.pagination.fields.paths=/attacker/**" })
class PagingAttackTests {

	@LocalServerPort
	private int port;

	private HttpResponse<String> get(String pathAndQuery) {
		return new TestHttp(this.port).get(pathAndQuery);
	}

	private static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "size=%2B5|INVALID_PAGE", "size=5%00|INVALID_PAGE", "size=%EF%BC%95|INVALID_PAGE",
			"size=%D9%A5|INVALID_PAGE", "size=1e2|INVALID_PAGE", "size=0x10|INVALID_PAGE", "size=5.0|INVALID_PAGE",
			"size=5%2C5|INVALID_PAGE", "size=5&size=5|INVALID_PAGE", "size=5&SIZE=6&size=5|INVALID_PAGE",
			"si%7Ae=500|PAGE_SIZE_TOO_LARGE", "size=-0|INVALID_PAGE", "size=-2147483649|INVALID_PAGE",
			"size=2147483647|PAGE_SIZE_TOO_LARGE", "size=101|PAGE_SIZE_TOO_LARGE",
			"page=2147483648|INVALID_PAGE", "page=-2147483649|INVALID_PAGE", "page=00000000001|INVALID_PAGE",
			"page=|INVALID_PAGE", "page&size=5|INVALID_PAGE", "page=1&p%61ge=1|INVALID_PAGE",
			"page=%E2%80%8B1|INVALID_PAGE" })
	void everyBadPageOrSizeIsItsProblemAndNotEchoed(String query, String code) {
		JsonNode problem = assertProblem(get("/attacker/items?" + query), 400, code);

		assertThat(problem.toString()).doesNotContain("2147483648", "4294967297", "0x10");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "size=%205|5", "size=5%20|5", "size=0005|5", "s%69ze=7|7", "size=90|90" })
	void aSizeIsReadAsThatNumber(String query, int size) {
		HttpResponse<String> response = get("/attacker/items?" + query);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response.body()).path("size").asInt()).isEqualTo(size);
		assertThat(json(response.body()).path("items")).hasSize(size);
	}

	@Test
	void theLastPossiblePageIsAnEmptyPageWithLinksThatParse() {
		HttpResponse<String> response = get("/attacker/items?page=2147483647&size=100");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response.body()).path("items")).isEmpty();
		assertThat(response.headers().firstValue("Link").orElseThrow())
			.contains("</attacker/items?page=2147483646&size=100>; rel=\"prev\"")
			.contains("</attacker/items?page=1&size=100>; rel=\"first\"")
			.doesNotContain("rel=\"next\"");
	}

	private String firstCursor(String query) {
		HttpResponse<String> response = get("/attacker/events?" + query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response.body()).path("nextCursor").asString();
	}

	@Test
	void aCursorCutShortAtAnyLengthIsInvalid() {
		String cursor = firstCursor("size=3");
		for (int length = 0; length < cursor.length(); length++) {
			String cut = cursor.substring(0, length);
			HttpResponse<String> response = get("/attacker/events?size=3&cursor=" + cut);
			assertProblem(response, 400, "INVALID_CURSOR");
			if (!cut.isEmpty()) {
				assertThat(response.body()).doesNotContain(cut.length() > 3 ? cut : "\u0000");
			}
		}
	}

	@Test
	void aCursorInAnotherBase64AlphabetOrWithSpacesIsInvalidOrTheSamePage() {
		String cursor = firstCursor("size=3");
		String expected = json(get("/attacker/events?size=3&cursor=" + cursor).body()).path("items").toString();
		List<String> variants = new ArrayList<>();
		variants.add(enc(cursor.replace('-', '+').replace('_', '/')));
		variants.add(cursor.replace('-', '+').replace('_', '/'));
		variants.add(enc(cursor + "="));
		variants.add(enc(cursor + "=="));
		variants.add(enc(cursor + "==="));
		variants.add(enc(" " + cursor));
		variants.add(enc(cursor + "\n"));
		variants.add(enc(cursor.substring(0, 8) + "\r\n" + cursor.substring(8)));
		variants.add(enc(cursor.toUpperCase()));
		variants.add(enc(cursor + cursor));
		for (String variant : variants) {
			HttpResponse<String> response = get("/attacker/events?size=3&cursor=" + variant);
			if (response.statusCode() == 200) {
				assertThat(json(response.body()).path("items").toString()).as(variant).isEqualTo(expected);
			}
			else {
				assertProblem(response, 400, "INVALID_CURSOR");
			}
		}
	}

	@Test
	void aCursorIsBoundToItsPathAndItsSortAsTheClientWroteIt() {
		String cursor = firstCursor("size=3");
		assertThat(get("/attacker/events?size=3&cursor=" + cursor).statusCode()).isEqualTo(200);
		// another endpoint answering the same rows, another sort, the default sort named: all another listing
		assertProblem(get("/attacker/archive?size=3&cursor=" + cursor), 400, "INVALID_CURSOR");
		assertProblem(get("/attacker/events?size=3&sort=-id&cursor=" + cursor), 400, "INVALID_CURSOR");
		assertProblem(get("/attacker/events?size=3&sort=id&cursor=" + cursor), 400, "INVALID_CURSOR");
		String descending = firstCursor("size=3&sort=-id");
		assertProblem(get("/attacker/events?size=3&cursor=" + descending), 400, "INVALID_CURSOR");
		// the page size is not part of the listing: a client may change it between pages
		assertThat(json(get("/attacker/events?size=5&cursor=" + cursor).body()).path("items").get(0).path("id").asLong())
			.isEqualTo(4);
	}

	@Test
	void aCursorParameterGivenTwiceOrEncodedInItsNameIsStillOneCursor() {
		String cursor = firstCursor("size=3");
		assertProblem(get("/attacker/events?size=3&cursor=" + cursor + "&cursor=" + cursor), 400, "INVALID_CURSOR");
		assertProblem(get("/attacker/events?size=3&cursor=" + cursor + "&c%75rsor=" + cursor), 400, "INVALID_CURSOR");
		HttpResponse<String> encodedName = get("/attacker/events?size=3&c%75rsor=" + cursor);
		assertThat(json(encodedName.body()).path("items").get(0).path("id").asLong()).isEqualTo(4);
		// the next link names the cursor once, the encoded one dropped
		assertThat(encodedName.headers().firstValue("Link").orElseThrow()).doesNotContain("c%75rsor", "c%2575rsor");
	}

	@Test
	void followingNextThenPrevLinksWalksBackToTheSameRowsAndEachRowIsSeenOnce() {
		Set<Long> seen = new HashSet<>();
		String link = "/attacker/events?size=70&sort=-id";
		List<String> pages = new ArrayList<>();
		while (link != null) {
			HttpResponse<String> response = get(link);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode page = json(response.body());
			page.path("items").forEach((event) -> assertThat(seen.add(event.path("id").asLong())).isTrue());
			pages.add(page.path("items").toString());
			String prev = rel(response, "prev");
			if (prev != null) {
				assertThat(json(get(prev).body()).path("items").toString()).isEqualTo(pages.get(pages.size() - 2));
			}
			link = rel(response, "next");
		}
		assertThat(seen).hasSize(300);
	}

	private static String rel(HttpResponse<String> response, String rel) {
		for (String link : response.headers().firstValue("Link").orElse("").split(", ")) {
			if (link.endsWith("rel=\"" + rel + "\"")) {
				return link.substring(1, link.indexOf('>'));
			}
		}
		return null;
	}

	@ParameterizedTest
	@ValueSource(strings = { "sort=id%3BDROP", "sort=-", "sort=--id", "sort=id,id", "sort=id,", "sort=%20", "sort=ID",
			"sort=id&sort=id", "sort=type" })
	void aSortOutsideTheKeysetIsInvalidSort(String query) {
		JsonNode problem = assertProblem(get("/attacker/events?" + query), 400, "INVALID_SORT");
		assertThat(problem.toString()).doesNotContain("DROP");
	}

}
