package dev.hardening.pagination;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PageLinksTests {

	@Test
	void linksOffsetPagesKeepingOtherParametersInTheirOrderAndThePageParametersLast() {
		OffsetPage<Integer> page = OffsetPage.of(List.of(1), new OffsetPageRequest(2, 20, 1), 95);

		String links = PageLinks.offset("/projects", "status=ACTIVE&page=2&size=20&tag=a&tag=b", page, 1, "page",
				"size");

		assertThat(links).isEqualTo("</projects?status=ACTIVE&tag=a&tag=b&page=1&size=20>; rel=\"first\", "
				+ "</projects?status=ACTIVE&tag=a&tag=b&page=1&size=20>; rel=\"prev\", "
				+ "</projects?status=ACTIVE&tag=a&tag=b&page=3&size=20>; rel=\"next\", "
				+ "</projects?status=ACTIVE&tag=a&tag=b&page=5&size=20>; rel=\"last\"");
	}

	@Test
	void anUncountedPageHasNoLastLinkAndAZeroBasedOneStartsAtZero() {
		OffsetPage<Integer> page = OffsetPage.ofFetched(List.of(1, 2), new OffsetPageRequest(0, 1, 0));

		assertThat(PageLinks.offset("/p", null, page, 0, "page", "size"))
			.isEqualTo("</p?page=0&size=1>; rel=\"first\", </p?page=1&size=1>; rel=\"next\"");
	}

	@Test
	void encodesWhatTheClientSentSoNothingBreaksTheHeader() {
		OffsetPage<Integer> page = OffsetPage.ofFetched(List.of(), new OffsetPageRequest(1, 20, 1));

		String links = PageLinks.offset("/search", "q=a%20b%3E%22%3B+c&x=%ZZ&emoji=%F0%9F%98%80&flag", page, 1, "page",
				"size");

		assertThat(links).isEqualTo(
				"</search?q=a%20b%3E%22%3B%20c&x=%25ZZ&emoji=%F0%9F%98%80&flag=&page=1&size=20>; rel=\"first\"");
	}

	@Test
	void linksCursorPagesWithoutTheOldCursor() {
		CursorPage<Integer> page = new CursorPage<>(List.of(1), "next-token", true, "prev_token");

		assertThat(PageLinks.cursor("/events", "cursor=old&size=50&sort=-occurredAt", page, "cursor"))
			.isEqualTo("</events?size=50&sort=-occurredAt>; rel=\"first\", "
					+ "</events?size=50&sort=-occurredAt&cursor=prev_token>; rel=\"prev\", "
					+ "</events?size=50&sort=-occurredAt&cursor=next-token>; rel=\"next\"");
	}

	@Test
	void boundsTheFieldKeepingTheLinksThatMatterMostAndDroppingTheRest() {
		OffsetPage<Integer> page = OffsetPage.of(List.of(1), new OffsetPageRequest(2, 20, 1), 95);
		String query = "q=" + "a,".repeat(700) + "&page=2";

		String links = PageLinks.offset("/search", query, page, 1, "page", "size", 4096);

		// each link repeats the query, percent-encoded: "a%2C" 700 times; only one fits
		assertThat(links.length()).isLessThanOrEqualTo(4096);
		assertThat(links).startsWith("</search?q=a%2Ca%2C").endsWith("&page=3&size=20>; rel=\"next\"");
		assertThat(PageLinks.offset("/search", query, page, 1, "page", "size", 100)).isEmpty();
		assertThat(PageLinks.offset("/search", null, page, 1, "page", "size", 100))
			.isEqualTo("</search?page=1&size=20>; rel=\"prev\", </search?page=3&size=20>; rel=\"next\"");
	}

	@Test
	void boundsCursorLinksToo() {
		CursorPage<Integer> page = new CursorPage<>(List.of(1), "n".repeat(200), true, "p".repeat(200));

		String links = PageLinks.cursor("/events", "size=5", page, "cursor", 300);

		assertThat(links).isEqualTo(
				"</events?size=5>; rel=\"first\", </events?size=5&cursor=" + "n".repeat(200) + ">; rel=\"next\"");
	}

	@Test
	void escapesWhatARawPathMayNotHoldInAUriReference() {
		OffsetPage<Integer> page = OffsetPage.ofFetched(List.of(), new OffsetPageRequest(1, 20, 1));

		assertThat(PageLinks.offset("/a[1]/%zz/%2F/b c", null, page, 1, "page", "size"))
			.isEqualTo("</a%5B1%5D/%25zz/%2F/b%20c?page=1&size=20>; rel=\"first\"");
	}

}
