package dev.hardening.autoconfigure.pagination;

import java.net.http.HttpResponse;
import java.util.List;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.pagination.Keyset;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The longest cursor a listing issues (8 text keys of 512 bytes) goes out and comes back through
 * Tomcat with its default limits; a row whose sort key is longer than a cursor holds is a
 * {@code 400} {@code INVALID_SORT}, not a {@code 500}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = LongestCursorHttpTests.LongestCursorApplication.class,
		properties = "hardening.pagination.cursor-secret=a secret long enough to sign the longest cursors")
class LongestCursorHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void theLongestCursorIsFollowedThroughTomcat() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> first = http.get("/longest/rows?size=1");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		String cursor = json(first.body()).path("nextCursor").asString();
		assertThat(cursor).hasSize(5530);
		// a link of that cursor passes max-link-header-size (4KB): it is left out, the first one kept
		assertThat(first.headers().firstValue("Link")).hasValue("</longest/rows?size=1>; rel=\"first\"");

		HttpResponse<String> second = http.get("/longest/rows?size=1&cursor=" + cursor);

		assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
		assertThat(json(second.body()).path("items").get(0).path("a").asString()).isEqualTo("z");
	}

	@Test
	void aRowWithATooLongSortKeyIsInvalidSortNamingIt() {
		HttpResponse<String> response = new TestHttp(this.port).get("/longest/rows?size=1&sort=b,id");

		assertThat(assertProblem(response, 400, "INVALID_SORT").path("property").asString()).isEqualTo("b");
	}

	record Row(String a, String b, String c, String d, String e, String f, String g, String h, String id) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LongestCursorController.class)
	static class LongestCursorApplication {

	}

	@RestController
	static class LongestCursorController {

		private static final String LONGEST = "x".repeat(512);

		private static final List<Row> ROWS = List.of(
				new Row(LONGEST, "y".repeat(513), LONGEST, LONGEST, LONGEST, LONGEST, LONGEST, LONGEST, LONGEST),
				new Row("z", "z", "z", "z", "z", "z", "z", "z", "z"));

		private static final Keyset<Row> KEYSET = Keyset.<Row>builder()
			.sortable("a", "a", Row::a)
			.sortable("b", "b", Row::b)
			.sortable("c", "c", Row::c)
			.sortable("d", "d", Row::d)
			.sortable("e", "e", Row::e)
			.sortable("f", "f", Row::f)
			.sortable("g", "g", Row::g)
			.sortable("h", "h", Row::h)
			.tieBreaker("id", "id", Row::id)
			.defaultSort("a,c,d,e,f,g,h")
			.build();

		/** Two rows in the order of every sort here; the cursor's position picks the second. */
		@GetMapping("/longest/rows")
		CursorPage<Row> rows(CursorPageRequest request) {
			KEYSET.query(request);
			List<Row> rows = request.position().isPresent() ? ROWS.subList(1, 2) : ROWS;
			return KEYSET.page(rows.subList(0, Math.min(rows.size(), request.fetchSize())), request);
		}

	}

}
