package dev.hardening.etag;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 9110 §13.2.2 evaluation, case by case.
 */
class PreconditionsTests {

	private static final ETag CURRENT = ETag.strong("v2");

	private static final Instant MODIFIED = Instant.parse("2026-11-23T12:00:00.500Z");

	@Test
	void withoutPreconditionsTheRequestProceeds() {
		assertThat(evaluate("GET", null, null, null, null)).isEqualTo(Precondition.PROCEED);
	}

	@Test
	void ifNoneMatchOnGetOrHeadIsNotModifiedWhenAnyTagMatchesWeakly() {
		assertThat(evaluate("GET", null, "\"v1\", W/\"v2\"", null, null)).isEqualTo(Precondition.NOT_MODIFIED);
		assertThat(evaluate("HEAD", null, "\"v2\"", null, null)).isEqualTo(Precondition.NOT_MODIFIED);
		assertThat(evaluate("GET", null, "\"v1\"", null, null)).isEqualTo(Precondition.PROCEED);
		assertThat(evaluate("GET", null, "*", null, null)).isEqualTo(Precondition.NOT_MODIFIED);
	}

	@Test
	void ifNoneMatchOnAnUnsafeMethodFailsWhenATagMatches() {
		assertThat(evaluate("PUT", null, "\"v2\"", null, null)).isEqualTo(Precondition.FAILED);
		assertThat(evaluate("PUT", null, "*", null, null)).as("create-only on an existing resource")
			.isEqualTo(Precondition.FAILED);
		assertThat(Preconditions.evaluate("PUT", null, EntityTags.parse(List.of("*")), null, null, null, null, false))
			.as("create-only on a missing resource")
			.isEqualTo(Precondition.PROCEED);
	}

	@Test
	void ifMatchNeedsAStrongMatch() {
		assertThat(evaluate("PUT", "\"v2\"", null, null, null)).isEqualTo(Precondition.PROCEED);
		assertThat(evaluate("PUT", "\"v1\"", null, null, null)).isEqualTo(Precondition.FAILED);
		assertThat(evaluate("PUT", "W/\"v2\"", null, null, null)).isEqualTo(Precondition.FAILED);
		assertThat(evaluate("DELETE", "*", null, null, null)).isEqualTo(Precondition.PROCEED);
		assertThat(Preconditions.evaluate("PUT", EntityTags.parse(List.of("*")), null, null, null, null, null, false))
			.isEqualTo(Precondition.FAILED);
	}

	@Test
	void ifMatchIsEvaluatedBeforeIfNoneMatch() {
		assertThat(evaluate("GET", "\"v1\"", "\"v2\"", null, null)).isEqualTo(Precondition.FAILED);
	}

	@Test
	void ifUnmodifiedSinceCountsOnlyWithoutIfMatchAndInWholeSeconds() {
		assertThat(evaluate("PUT", null, null, null, "Mon, 23 Nov 2026 12:00:00 GMT")).isEqualTo(Precondition.PROCEED);
		assertThat(evaluate("PUT", null, null, null, "Mon, 23 Nov 2026 11:59:59 GMT")).isEqualTo(Precondition.FAILED);
		assertThat(evaluate("PUT", "\"v2\"", null, null, "Mon, 23 Nov 2026 11:59:59 GMT"))
			.isEqualTo(Precondition.PROCEED);
	}

	@Test
	void ifModifiedSinceCountsOnlyForReadsWithoutIfNoneMatch() {
		assertThat(evaluate("GET", null, null, "Mon, 23 Nov 2026 12:00:00 GMT", null))
			.isEqualTo(Precondition.NOT_MODIFIED);
		assertThat(evaluate("GET", null, null, "Mon, 23 Nov 2026 11:59:59 GMT", null)).isEqualTo(Precondition.PROCEED);
		assertThat(evaluate("GET", null, "\"v1\"", "Mon, 23 Nov 2026 12:00:00 GMT", null))
			.isEqualTo(Precondition.PROCEED);
		assertThat(evaluate("PUT", null, null, "Mon, 23 Nov 2026 12:00:00 GMT", null)).isEqualTo(Precondition.PROCEED);
	}

	@Test
	void acceptsTheThreeDateFormsAndIgnoresAnythingElse() {
		Instant expected = Instant.parse("1994-11-06T08:49:37Z");

		assertThat(Preconditions.parseDate(List.of("Sun, 06 Nov 1994 08:49:37 GMT"))).isEqualTo(expected);
		assertThat(Preconditions.parseDate(List.of("Sunday, 06-Nov-94 08:49:37 GMT"))).isEqualTo(expected);
		assertThat(Preconditions.parseDate(List.of("Sun Nov  6 08:49:37 1994"))).isEqualTo(expected);
		assertThat(Preconditions.parseDate(List.of("yesterday"))).isNull();
		assertThat(Preconditions.parseDate(List.of("Sun, 06 Nov 1994 08:49:37 GMT", "Mon, 07 Nov 1994 08:49:37 GMT")))
			.isNull();
		assertThat(evaluate("GET", null, null, "yesterday", null)).isEqualTo(Precondition.PROCEED);
	}

	@Test
	void aMalformedIfMatchFailsAndAMalformedIfNoneMatchIsIgnoredOnReadsOnly() {
		assertThat(evaluate("PUT", "v2", null, null, null)).isEqualTo(Precondition.FAILED);
		assertThat(evaluate("GET", null, "v2", null, null)).isEqualTo(Precondition.PROCEED);
		assertThat(evaluate("PUT", null, "v2", null, null)).isEqualTo(Precondition.FAILED);
	}

	private static Precondition evaluate(String method, @Nullable String ifMatch, @Nullable String ifNoneMatch,
			@Nullable String ifModifiedSince, @Nullable String ifUnmodifiedSince) {
		return Preconditions.evaluate(method, field(ifMatch), field(ifNoneMatch), date(ifModifiedSince),
				date(ifUnmodifiedSince), CURRENT, MODIFIED, true);
	}

	private static @Nullable EntityTags field(@Nullable String value) {
		return (value != null) ? EntityTags.parse(List.of(value)) : null;
	}

	private static @Nullable Instant date(@Nullable String value) {
		return (value != null) ? Preconditions.parseDate(List.of(value)) : null;
	}

}
