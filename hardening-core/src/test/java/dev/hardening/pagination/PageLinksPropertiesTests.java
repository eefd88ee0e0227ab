package dev.hardening.pagination;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever path and query a client sends, the {@code Link} field is a list of RFC 8288 link values
 * with RFC 3986 references, and never longer than its bound.
 */
class PageLinksPropertiesTests {

	/** {@code <URI-Reference>; rel="..."}, the reference made of RFC 3986 characters only. */
	static final Pattern LINK_VALUE = Pattern
		.compile("<([A-Za-z0-9\\-._~!$&'()*+,;=:@/?%]*+)>; rel=\"(first|prev|next|last)\"");

	/** A {@code %} that does not start a percent-encoded octet. */
	static final Pattern STRAY_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");

	@Property(tries = 1000)
	void offsetLinksAreAlwaysParseableAndBounded(@ForAll("paths") String path, @ForAll("queries") String query,
			@ForAll @IntRange(min = 0, max = 5000) int maxLength) {
		OffsetPage<Integer> page = OffsetPage.of(List.of(1), new OffsetPageRequest(2, 20, 1), 95);

		String links = PageLinks.offset(path, query, page, 1, "page", "size", maxLength);

		assertParseable(links, maxLength);
	}

	@Property(tries = 1000)
	void cursorLinksAreAlwaysParseableAndBounded(@ForAll("paths") String path, @ForAll("queries") String query,
			@ForAll @IntRange(min = 0, max = 5000) int maxLength) {
		CursorPage<Integer> page = new CursorPage<>(List.of(1), "next_Token-1", true, "prev");

		String links = PageLinks.cursor(path, query, page, "cursor", maxLength);

		assertParseable(links, maxLength);
	}

	static void assertParseable(String links, int maxLength) {
		assertThat(links.length()).isLessThanOrEqualTo(maxLength);
		if (links.isEmpty()) {
			return;
		}
		for (String value : links.split(", ", -1)) {
			Matcher matcher = LINK_VALUE.matcher(value);
			assertThat(matcher.matches()).as(value).isTrue();
			assertThat(STRAY_PERCENT.matcher(matcher.group(1)).find()).as(value).isFalse();
			assertThat(URI.create(matcher.group(1)).isAbsolute()).isFalse();
		}
	}

	@Provide
	Arbitrary<String> paths() {
		return Arbitraries.oneOf(Arbitraries.just("/events"),
				Arbitraries.strings().ofMaxLength(40).map((text) -> "/" + text));
	}

	@Provide
	Arbitrary<String> queries() {
		Arbitrary<String> pair = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
				Arbitraries.strings().withChars("page=size&cursor%2F0123456789ABCDEF,;+ ").ofMaxLength(30));
		return Arbitraries.oneOf(pair, pair.list().ofMaxSize(8).map((pairs) -> String.join("&", pairs)),
				Arbitraries.strings().withChars("a,&=%").ofMinLength(1000).ofMaxLength(3000));
	}

}
