package dev.hardening.autoconfigure.pagination;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.pagination.Keyset;
import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging through a real server: offset pages of a list, cursor pages of a PostgreSQL table.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = PaginationResponsesTests.TestApplication.class,
		properties = { "hardening.pagination.total-count-header=true",
				"hardening.pagination.cursor-secret=a test secret that is long enough to sign",
				"hardening.pagination.fields.paths=/items/**,/events/**,/widgets/**" })
class PaginationResponsesTests {

	private static final int EVENTS = 1_000;

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeAll
	static void createEvents() throws SQLException {
		TestPostgres postgres = TestPostgres.shared();
		try (Connection connection = postgres.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS page_events");
			statement.execute("CREATE TABLE page_events (id bigint PRIMARY KEY, occurred_at timestamptz NOT NULL,"
					+ " type text NOT NULL)");
			statement.execute("INSERT INTO page_events SELECT i, timestamptz '2026-01-01 00:00:00+00' + (i % 97) * interval '1 minute',"
					+ " (ARRAY['created','updated'])[1 + i % 2] FROM generate_series(1, " + EVENTS + ") AS i");
		}
	}

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void anOffsetPageHasItsBodyLinksAndTotal() {
		HttpResponse<String> response = this.http.get("/items?status=open&page=2&size=20");

		JsonNode page = json(response.body());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(page.path("items")).hasSize(20);
		assertThat(page.path("items").get(0).path("id").asInt()).isEqualTo(21);
		assertThat(page.path("page").asInt()).isEqualTo(2);
		assertThat(page.path("size").asInt()).isEqualTo(20);
		assertThat(page.path("total").asLong()).isEqualTo(95);
		assertThat(page.path("totalPages").asLong()).isEqualTo(5);
		assertThat(page.path("hasNext").asBoolean()).isTrue();
		assertThat(page.path("hasPrevious").asBoolean()).isTrue();
		assertThat(response.headers().firstValue("X-Total-Count")).hasValue("95");
		assertThat(response.headers().firstValue("Link")).hasValue("</items?status=open&page=1&size=20>; rel=\"first\", "
				+ "</items?status=open&page=1&size=20>; rel=\"prev\", </items?status=open&page=3&size=20>; rel=\"next\", "
				+ "</items?status=open&page=5&size=20>; rel=\"last\"");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "page=0|INVALID_PAGE", "page=-1|INVALID_PAGE", "page=abc|INVALID_PAGE",
			"page=|INVALID_PAGE", "page=1&page=2|INVALID_PAGE", "size=0|INVALID_PAGE", "size=abc|INVALID_PAGE",
			"size=100000|PAGE_SIZE_TOO_LARGE", "page=99999999999|INVALID_PAGE" })
	void badPagingParametersAreProblems(String query, String code) {
		JsonNode problem = assertProblem(this.http.get("/items?" + query), 400, code);

		assertThat(problem.path("detail").asString()).doesNotContain("abc").doesNotContain("99999999999");
	}

	@Test
	void pagesATableByCursorToTheEndSeeingEachRowOnce() {
		Set<Long> seen = new HashSet<>();
		String next = "/events?size=70";
		int pages = 0;
		while (next != null) {
			HttpResponse<String> response = this.http.get(next);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode page = json(response.body());
			page.path("items").forEach((event) -> assertThat(seen.add(event.path("id").asLong())).isTrue());
			next = nextLink(response.headers().firstValue("Link").orElseThrow());
			assertThat(next == null).isEqualTo(page.path("nextCursor").isNull());
			pages++;
		}

		assertThat(seen).hasSize(EVENTS);
		assertThat(pages).isEqualTo(15);
	}

	@Test
	void aCursorOnlyWorksWhereAndHowItWasIssued() {
		String cursor = json(this.http.get("/events?size=5&sort=type").body()).path("nextCursor").asString();
		// a middle character: the last one of unpadded base64url may carry bits the decoder drops
		int middle = cursor.length() / 2;
		char flipped = (cursor.charAt(middle) == 'A') ? 'B' : 'A';
		String tampered = cursor.substring(0, middle) + flipped + cursor.substring(middle + 1);

		assertThat(this.http.get("/events?size=5&sort=type&cursor=" + cursor).statusCode()).isEqualTo(200);
		assertProblem(this.http.get("/events?size=5&sort=type&cursor=" + tampered), 400, "INVALID_CURSOR");
		assertProblem(this.http.get("/events?size=5&sort=-type&cursor=" + cursor), 400, "INVALID_CURSOR");
		assertProblem(this.http.get("/events/archive?size=5&sort=type&cursor=" + cursor), 400, "INVALID_CURSOR");
		assertProblem(this.http.get("/events?cursor="), 400, "INVALID_CURSOR");
		assertProblem(this.http.get("/events?cursor=a&cursor=b"), 400, "INVALID_CURSOR");
		assertProblem(this.http.get("/events?cursor=" + "x".repeat(3000)), 400, "INVALID_CURSOR");
	}

	@Test
	void aSortOutsideTheAllowlistIsAProblem() {
		JsonNode problem = assertProblem(this.http.get("/events?sort=" + enc("id;DROP TABLE page_events")), 400,
				"INVALID_SORT");

		assertThat(problem.path("detail").asString()).doesNotContain("DROP");
		assertThat(this.http.get("/events?sort=-occurredAt,id").statusCode()).isEqualTo(200);
	}

	@Test
	void selectsNestedFieldsOfEachItemOfAPage() {
		HttpResponse<String> response = this.http.get("/items?size=2&fields=" + enc("id,owner.name,tags"));

		JsonNode page = json(response.body());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(page.path("total").asLong()).isEqualTo(95);
		assertThat(page.path("items").get(0).toString())
			.isEqualTo("{\"id\":1,\"owner\":{\"name\":\"owner 1\"},\"tags\":[\"a\",\"b\"]}");
		assertThat(response.headers().firstValue("Link")).isPresent();
	}

	@Test
	void selectsFieldsOfAListOfObjectsAndOfAnObject() {
		assertThat(json(this.http.get("/widgets?fields=name").body()).toString())
			.isEqualTo("[{\"name\":\"gear\"},{\"name\":\"cog\"}]");
		assertThat(json(this.http.get("/widgets/first?fields=parts.name").body()).toString())
			.isEqualTo("{\"parts\":[{\"name\":\"tooth\"},{\"name\":\"axle\"}]}");
	}

	@Test
	void anUnknownOrHiddenFieldIsAProblemAndAMalformedSelectionToo() {
		JsonNode unknown = assertProblem(this.http.get("/widgets?fields=name,colour"), 400, "UNKNOWN_FIELD");
		assertThat(unknown.path("fields").toString()).isEqualTo("[\"colour\"]");
		assertProblem(this.http.get("/widgets?fields=secret"), 400, "UNKNOWN_FIELD");
		assertProblem(this.http.get("/widgets?fields=name.first"), 400, "UNKNOWN_FIELD");
		assertProblem(this.http.get("/widgets?fields=" + enc("name,<script>")), 400, "INVALID_PARAMETER");
		assertProblem(this.http.get("/widgets?fields="), 400, "INVALID_PARAMETER");
	}

	@Test
	void leavesPathsWithoutFieldSelectionAlone() {
		assertThat(json(this.http.get("/plain?fields=name").body()).toString()).isEqualTo("{\"name\":\"plain\",\"size\":1}");
	}

	private static String nextLink(String links) {
		for (String link : links.split(", ")) {
			if (link.endsWith("rel=\"next\"")) {
				return link.substring(1, link.indexOf('>'));
			}
		}
		return null;
	}

	private static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		DataSource dataSource() {
			return TestPostgres.shared().dataSource();
		}

	}

	record Owner(String name, String email) {
	}

	record Item(int id, String title, Owner owner, List<String> tags) {
	}

	record Part(String name, int count) {
	}

	record Widget(String name, List<Part> parts, @JsonIgnore String secret) {
	}

	record Event(long id, OffsetDateTime occurredAt, String type) {
	}

	@RestController
	static class TestController {

		private static final List<Item> ITEMS = IntStream.rangeClosed(1, 95)
			.mapToObj((i) -> new Item(i, "item " + i, new Owner("owner " + i, "o" + i + "@example.com"), List.of("a", "b")))
			.toList();

		private static final Keyset<Event> KEYSET = Keyset.<Event>builder()
			.sortable("occurredAt", "occurred_at", Event::occurredAt)
			.sortable("type", "type", Event::type)
			.tieBreaker("id", "id", Event::id)
			.defaultSort("-occurredAt")
			.build();

		private final JdbcKeyset<Event> events;

		TestController(DataSource dataSource) {
			this.events = JdbcKeyset.of(JdbcClient.create(dataSource), KEYSET, (row, number) -> new Event(row.getLong("id"),
					row.getObject("occurred_at", OffsetDateTime.class), row.getString("type")));
		}

		@GetMapping("/items")
		OffsetPage<Item> items(OffsetPageRequest request) {
			int from = (int) Math.min(request.offset(), ITEMS.size());
			return OffsetPage.of(ITEMS.subList(from, Math.min(from + request.size(), ITEMS.size())), request,
					ITEMS.size());
		}

		@GetMapping({ "/events", "/events/archive" })
		CursorPage<Event> events(CursorPageRequest request) {
			return this.events.page("SELECT id, occurred_at, type FROM page_events", null, List.of(), request);
		}

		@GetMapping("/widgets")
		List<Widget> widgets() {
			return List.of(new Widget("gear", List.of(new Part("tooth", 12)), "s1"),
					new Widget("cog", List.of(), "s2"));
		}

		@GetMapping("/widgets/first")
		Widget widget() {
			return new Widget("gear", List.of(new Part("tooth", 12), new Part("axle", 1)), "s1");
		}

		@GetMapping("/plain")
		Map<String, Object> plain() {
			Map<String, Object> plain = new java.util.LinkedHashMap<>();
			plain.put("name", "plain");
			plain.put("size", 1);
			return plain;
		}

	}

}
