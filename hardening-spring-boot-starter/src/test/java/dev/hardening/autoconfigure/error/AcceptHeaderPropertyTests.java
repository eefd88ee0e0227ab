package dev.hardening.autoconfigure.error;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one decision errors make about the client, {@link AcceptHeader#prefersHtml}: browsers asking
 * for pages get pages, everything else (no header, wildcards, JSON, junk) the problem, and no
 * header value, however malformed or long, makes it fail.
 */
class AcceptHeaderPropertyTests {

	private static final List<String> BROWSERS = List.of(
			"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
			"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
					+ "application/signed-exchange;v=b3;q=0.7",
			"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
			"text/html, application/xhtml+xml, image/jxr, */*", "TEXT/HTML", "text/html;level=1",
			"application/xhtml+xml", "application/json;q=0.9, text/html", "text/html;q=0.5, application/json;q=0.4");

	private static final List<String> API_CLIENTS = List.of("", "*/*", "application/json", "application/problem+json",
			"application/json, text/plain, */*", "application/vnd.api+json", "text/plain", "application/*",
			"application/json, text/html", "*/*, text/html", "text/html;q=0", "text/html;q=0.5, */*",
			"text/*", "text/html;q=garbage", "text/html;q=2", "text/html;q=", ",,,", ";;;", "text/html;q=0.1234",
			"image/webp,*/*", "text/html;q=1.001");

	@Example
	void browsersPreferPages() {
		for (String accept : BROWSERS) {
			assertThat(AcceptHeader.prefersHtml(accept)).as(accept).isTrue();
		}
	}

	@Example
	void apiClientsAndUnreadableHeadersDoNot() {
		for (String accept : API_CLIENTS) {
			assertThat(AcceptHeader.prefersHtml(accept)).as(accept).isFalse();
		}
		assertThat(AcceptHeader.prefersHtml((String) null)).isFalse();
		assertThat(ErrorPages.prefersHtml(new MockHttpServletRequest())).isFalse();
	}

	@Example
	void everyAcceptHeaderOfTheRequestCounts() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Accept", "application/json;q=0.5");
		request.addHeader("Accept", "text/html");
		assertThat(ErrorPages.prefersHtml(request)).isTrue();
		assertThat(AcceptHeader.prefersHtml(Collections.enumeration(List.of("text/html;q=0.4", "*/*;q=0.5"))))
			.isFalse();
	}

	@Example
	void qualityValuesAreReadAsRfc9110WritesThem() {
		assertThat(AcceptHeader.qvalue("0")).isZero();
		assertThat(AcceptHeader.qvalue("0.5")).isEqualTo(500);
		assertThat(AcceptHeader.qvalue("0.125")).isEqualTo(125);
		assertThat(AcceptHeader.qvalue("1")).isEqualTo(1000);
		assertThat(AcceptHeader.qvalue("1.000")).isEqualTo(1000);
		for (String invalid : List.of("", "1.5", "2", "-1", "0.1234", ".5", "0,5", "1e0", "abc", "0.5x", "1.0001")) {
			assertThat(AcceptHeader.qvalue(invalid)).as(invalid).isEqualTo(-1);
		}
	}

	@Property(tries = 2000)
	void anyHeaderGetsAnAnswer(@ForAll("headers") String accept) {
		boolean answer = AcceptHeader.prefersHtml(accept);
		assertThat(AcceptHeader.prefersHtml(accept)).isEqualTo(answer);
	}

	@Property(tries = 500)
	void aHeaderWithoutAnHtmlRangeIsNeverAPage(@ForAll("nonHtmlLists") String accept) {
		assertThat(AcceptHeader.prefersHtml(accept)).isFalse();
	}

	@Property(tries = 1000)
	void jsonFirstAtFullQualityIsAlwaysTheProblem(@ForAll("headers") String accept) {
		assertThat(AcceptHeader.prefersHtml("application/json, " + accept)).isFalse();
		assertThat(AcceptHeader.prefersHtml("*/*," + accept)).isFalse();
	}

	@Property(tries = 1000)
	void htmlFirstAtFullQualityIsAlwaysAPage(@ForAll("headers") String accept) {
		assertThat(AcceptHeader.prefersHtml("text/html, " + accept)).isTrue();
	}

	@Property(tries = 1000)
	void unreadableElementsChangeNothing(@ForAll("headers") String accept, @ForAll("unreadable") String junk) {
		boolean answer = AcceptHeader.prefersHtml(accept);
		assertThat(AcceptHeader.prefersHtml(accept + "," + junk)).isEqualTo(answer);
		assertThat(AcceptHeader.prefersHtml(junk + "," + accept)).isEqualTo(answer);
	}

	@Property(tries = 500)
	void caseAndSpacesChangeNothing(@ForAll("lists") String accept) {
		boolean answer = AcceptHeader.prefersHtml(accept);
		assertThat(AcceptHeader.prefersHtml(accept.toUpperCase(Locale.ROOT))).isEqualTo(answer);
		assertThat(AcceptHeader.prefersHtml(accept.replace(",", " ,  ").replace(";", " ; "))).isEqualTo(answer);
	}

	@Property(tries = 20)
	void hugeHeadersAreReadToTheEnd(@ForAll("lists") String accept) {
		String huge = "application/x-long;q=0.5, ".repeat(2000);
		assertThat(AcceptHeader.prefersHtml(huge + accept)).isEqualTo(AcceptHeader.prefersHtml(accept));
		assertThat(AcceptHeader.prefersHtml(",".repeat(20_000) + "text/html")).isTrue();
		assertThat(AcceptHeader.prefersHtml(";".repeat(20_000) + "text/html")).isFalse();
	}

	// ---- generators ----

	private static Arbitrary<String> ranges() {
		return Arbitraries.of("text/html", "application/xhtml+xml", "application/json", "application/problem+json",
				"*/*", "application/*", "text/*", "text/plain", "image/webp", "application/xml", "application/x+json",
				"TEXT/HTML", "text/html ", " */*", "a/b/c", "html", "");
	}

	private static Arbitrary<String> nonHtmlRanges() {
		return Arbitraries.of("application/json", "application/problem+json", "*/*", "application/*", "text/*",
				"text/plain", "image/webp", "application/xml", "text/htm", "text/html5", "html", "");
	}

	private static Arbitrary<String> parameters() {
		return Arbitraries.of("", ";q=0", ";q=0.5", ";q=0.9", ";q=1", ";q=1.0", ";q=0.001", ";q=5", ";q=-1",
				";q=abc", ";q=", ";level=1", ";charset=utf-8", ";q=0.8;level=2", "; q = 0.3", ";Q=0.7", ";=", ";q",
				";q=0.5;q=garbage");
	}

	@Provide
	Arbitrary<String> lists() {
		Arbitrary<String> element = Combinators.combine(ranges(), parameters()).as((range, parameter) -> range + parameter);
		return element.list().ofMinSize(0).ofMaxSize(12).map((elements) -> String.join(",", elements));
	}

	@Provide
	Arbitrary<String> nonHtmlLists() {
		Arbitrary<String> element = Combinators.combine(nonHtmlRanges(), parameters())
			.as((range, parameter) -> range + parameter);
		return element.list().ofMinSize(0).ofMaxSize(12).map((elements) -> String.join(", ", elements));
	}

	@Provide
	Arbitrary<String> unreadable() {
		return Arbitraries.of("text/html;q=garbage", "text/html;q=2", "application/json;q=-1", "*/*;q=", "",
				" ", "text/html;q=1.5", "application/json;q=0.12345", ";", "text/html;q=0,5");
	}

	@Provide
	Arbitrary<String> headers() {
		Arbitrary<String> text = Arbitraries.strings()
			.withCharRange(' ', '~')
			.withCharRange('\u0080', '\u00ff')
			.withChars('\t')
			.ofMaxLength(80);
		Arbitrary<String> long_ = Arbitraries.integers()
			.between(100, 3000)
			.map((n) -> "text/x;q=0.1, ".repeat(n / 14));
		return Arbitraries.oneOf(lists(), lists(), text, long_);
	}

}
