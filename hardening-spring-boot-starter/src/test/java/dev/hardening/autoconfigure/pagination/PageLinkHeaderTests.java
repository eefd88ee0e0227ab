package dev.hardening.autoconfigure.pagination;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.pagination.Cursor;
import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Link} header repeats the query of a page request in every link: through a real
 * Tomcat, with its default response header buffer, a long query never fails the response.
 */
class PageLinkHeaderTests {

	/** {@code <URI-Reference>; rel="..."}, the reference made of RFC 3986 characters only. */
	private static final Pattern LINK_VALUE = Pattern
		.compile("<([A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]*+)>; rel=\"(first|prev|next|last)\"");

	private static final Pattern STRAY_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");

	private static ConfigurableApplicationContext context;

	private static TestHttp http;

	@BeforeContainer
	static void start() {
		context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"hardening.pagination.cursor-secret=a test secret that is long enough to sign")
			.run();
		http = new TestHttp(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	@AfterContainer
	static void stop() {
		context.close();
	}

	@Example
	void aTwoKilobyteQueryStillGetsItsPage() {
		HttpResponse<String> response = http.get("/items?q=" + "a".repeat(2048) + "&page=2");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response.body()).path("items")).hasSize(20);
		assertLinks(response);
		assertThat(response.headers().firstValue("Link")).hasValueSatisfying(
				(links) -> assertThat(links).contains("rel=\"next\""));
	}

	@Example
	void aQueryTooLongForAnyLinkGetsItsPageWithoutOne() {
		// each comma is written %2C, three times its length, in every link
		HttpResponse<String> response = http.get("/items?q=" + ",".repeat(2048) + "&page=2");

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Link")).isEmpty();
		assertThat(json(response.body()).path("hasNext").asBoolean()).isTrue();
	}

	@Example
	void aLongQueryStillGetsItsCursorPage() {
		HttpResponse<String> response = http.get("/events?filter=" + "%E2%82%AC".repeat(700));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertLinks(response);
	}

	@Example
	void aQueryTomcatCannotSplitIsABadRequest() {
		assertProblem(http.get("/items?=x"), 400, "INVALID_PARAMETER");
		assertProblem(http.get("/events?a&=&size=5"), 400, "INVALID_PARAMETER");
	}

	@Property(tries = 200)
	void noQueryFailsAPageOrBreaksItsLinks(@ForAll("queries") String query, @ForAll boolean cursor) {
		HttpResponse<String> response = http.get((cursor ? "/events?" : "/items?") + query);

		assertThat(response.statusCode()).as(response.body()).isNotEqualTo(500).isLessThan(500);
		assertLinks(response);
	}

	@Provide
	Arbitrary<String> queries() {
		Arbitrary<String> piece = Arbitraries.oneOf(
				Arbitraries.strings().withChars("abcXYZ019-._~!$'()*+,;=:@/?").ofMaxLength(40),
				Arbitraries.of("&", "=", "&page=2", "&size=5", "&size=0", "&page=x", "%2C", "%E2%82%AC", "%00", "%0D%0A",
						"%3E", "cursor=", "&sort=-id"),
				Arbitraries.strings().withChars(",;%2C").ofMinLength(500).ofMaxLength(3000)
					.map((text) -> text.replace("%", "%25")));
		return piece.list().ofMaxSize(12).map((pieces) -> String.join("", pieces));
	}

	private static void assertLinks(HttpResponse<String> response) {
		List<String> fields = response.headers().allValues("Link");
		assertThat(fields).hasSizeLessThanOrEqualTo(1);
		for (String links : fields) {
			assertThat(links).isNotEmpty();
			for (String value : links.split(", ", -1)) {
				Matcher matcher = LINK_VALUE.matcher(value);
				assertThat(matcher.matches()).as(value).isTrue();
				assertThat(STRAY_PERCENT.matcher(matcher.group(1)).find()).as(value).isFalse();
				assertThat(URI.create(matcher.group(1)).isAbsolute()).isFalse();
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	record Item(int id, String title) {
	}

	@RestController
	static class TestController {

		private static final List<Item> ITEMS = IntStream.rangeClosed(1, 95).mapToObj((i) -> new Item(i, "item " + i))
			.toList();

		@GetMapping("/items")
		OffsetPage<Item> items(OffsetPageRequest request) {
			int from = (int) Math.min(request.offset(), ITEMS.size());
			return OffsetPage.of(ITEMS.subList(from, Math.min(from + request.size(), ITEMS.size())), request,
					ITEMS.size());
		}

		@GetMapping("/events")
		CursorPage<Item> events(CursorPageRequest request) {
			long after = request.position().map((position) -> (Long) position.keys().get(0)).orElse(0L);
			List<Item> page = ITEMS.stream().filter((item) -> item.id() > after).limit(request.size()).toList();
			String next = page.isEmpty() ? null
					: request.issue(new Cursor(Cursor.Direction.NEXT, List.of((long) page.get(page.size() - 1).id())));
			String prev = (after == 0) ? null : request.issue(new Cursor(Cursor.Direction.PREVIOUS, List.of(after)));
			return new CursorPage<>(page, next, next != null, prev);
		}

	}

}
