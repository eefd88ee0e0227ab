package dev.hardening.autoconfigure.pagination;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.pagination.Cursor;
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

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A keyset listing sorted by text columns whose values clients write (a name, a title): every
 * page must come with a next cursor that the same listing accepts. Two limits of CursorCodec
 * that nothing documents break this: a string key over 256 UTF-8 bytes cannot be encoded (the
 * page is a 500), and a token over 1024 characters, which keys within that limit produce when a
 * sort has three text keys, is refused as INVALID_CURSOR by the codec that issued it, so the
 * client cannot get past that page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = LongCursorKeysTests.LongKeysApplication.class,
		properties = "hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors")
class LongCursorKeysTests {

	@LocalServerPort
	private int port;

	@Test
	void aPageEndingOnARowWithA300CharacterNameHasANextCursor() {
		HttpResponse<String> first = new TestHttp(this.port).get("/long/rows?size=1&sort=a");

		assertThat(first.statusCode()).as("first page sorted by a, its row's a 300 characters: %s", first.body())
			.isEqualTo(200);
		assertThat(json(first.body()).path("nextCursor").asString()).isNotEmpty();
	}

	@Test
	void aCursorTheListingIssuedIsOneItAccepts() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> first = http.get("/long/rows?size=1&sort=b,c,d");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		String cursor = json(first.body()).path("nextCursor").asString();

		HttpResponse<String> second = http.get("/long/rows?size=1&sort=b,c,d&cursor=" + cursor);

		assertThat(second.statusCode()).as("following the issued %s-character cursor: %s", cursor.length(),
				second.body()).isEqualTo(200);
		assertThat(json(second.body()).path("items").get(0).path("id").asLong()).isEqualTo(2);
	}

	record Row(long id, String a, String b, String c, String d) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LongKeysController.class)
	static class LongKeysApplication {

	}

	@RestController
	static class LongKeysController {

		private static final List<Row> ROWS = List.of(
				new Row(1, "a".repeat(300), "b".repeat(250), "c".repeat(250), "d".repeat(250)),
				new Row(2, "z", "z", "z", "z"), new Row(3, "zz", "zz", "zz", "zz"));

		private static final Keyset<Row> KEYSET = Keyset.<Row>builder()
			.sortable("a", "a", Row::a)
			.sortable("b", "b", Row::b)
			.sortable("c", "c", Row::c)
			.sortable("d", "d", Row::d)
			.tieBreaker("id", "id", Row::id)
			.build();

		/** Ascending sorts only, in memory, as the keyset's query would order and filter them. */
		@GetMapping("/long/rows")
		CursorPage<Row> rows(CursorPageRequest request) {
			KEYSET.query(request);
			List<Keyset.SortKey<Row>> order = KEYSET.sort(request.sort());
			Comparator<List<Object>> byKeys = (x, y) -> {
				for (int i = 0; i < x.size(); i++) {
					@SuppressWarnings({ "unchecked", "rawtypes" })
					int c = ((Comparable) x.get(i)).compareTo(y.get(i));
					if (c != 0) {
						return c;
					}
				}
				return 0;
			};
			Cursor position = request.position().orElse(null);
			List<Row> rows = new ArrayList<>(ROWS);
			rows.sort((x, y) -> byKeys.compare(keys(x, order), keys(y, order)));
			return KEYSET.page(rows.stream()
				.filter((row) -> position == null || byKeys.compare(keys(row, order), position.keys()) > 0)
				.limit(request.fetchSize())
				.toList(), request);
		}

		private static List<Object> keys(Row row, List<Keyset.SortKey<Row>> order) {
			List<Object> keys = new ArrayList<>();
			for (Keyset.SortKey<Row> key : order) {
				keys.add(key.extractor().apply(row));
			}
			return keys;
		}

	}

}
