package dev.hardening.pagination;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hardening.error.ApiException;
import dev.hardening.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A keyset's sorts and pages stay within what a cursor holds ({@link Cursor#MAX_KEYS} keys, text
 * keys of {@link Cursor#MAX_TEXT_BYTES} bytes): a sort or a row beyond that is a {@code 400}
 * {@code INVALID_SORT}, or an error at startup for a default sort, never a {@code 500} or a cursor
 * the codec would refuse.
 */
class KeysetLimitsTests {

	private final CursorCodec codec = CursorCodec.of(
			"0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), MutableClock.start(), null);

	record Row(long id, String name) {
	}

	private static Keyset.Builder<Row> nineKeys() {
		Keyset.Builder<Row> builder = Keyset.<Row>builder();
		for (char c = 'a'; c <= 'h'; c++) {
			builder.sortable(String.valueOf(c), String.valueOf(c), Row::name);
		}
		return builder.tieBreaker("id", "id", Row::id);
	}

	@Test
	void aSortOfMoreKeysThanACursorHoldsIsInvalidSort() {
		Keyset<Row> keyset = nineKeys().build();

		assertThat(keyset.sort("a,b,c,d,e,f,g")).hasSize(8);
		assertThat(keyset.sort("a,b,c,d,e,f,g,id")).hasSize(8);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> keyset.sort("a,b,c,d,e,f,g,h"))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).isEqualTo("INVALID_SORT");
				assertThat(ex.detail()).contains("at most 8 properties", "'id'");
			});
	}

	@Test
	void aDefaultSortOfMoreKeysThanACursorHoldsFailsAtStartup() {
		assertThatIllegalArgumentException().isThrownBy(() -> nineKeys().defaultSort("a,b,c,d,e,f,g,h").build())
			.withMessageContaining("at most 8 properties");
	}

	@Test
	void aPageWhoseCursorWouldStartAtATooLongKeyIsInvalidSortNamingIt() {
		Keyset<Row> keyset = Keyset.<Row>builder()
			.sortable("name", "name", Row::name)
			.tieBreaker("id", "id", Row::id)
			.build();
		CursorPageRequest request = CursorPageRequest.of(1, "name", null, this.codec, "/rows");
		List<Row> fetched = List.of(new Row(1, "n".repeat(513)), new Row(2, "o"));

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> keyset.page(fetched, request))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).isEqualTo("INVALID_SORT");
				assertThat(ex.extensions()).containsEntry("property", "name");
				assertThat(ex.detail()).doesNotContain("nnnn");
			});
		// the longest key that fits pages on, and the last page needs no cursor
		List<Row> longest = List.of(new Row(1, "n".repeat(512)), new Row(2, "o"));
		String next = keyset.page(longest, request).nextCursor();
		assertThat(CursorPageRequest.of(1, "name", next, this.codec, "/rows").position()).isPresent();
		assertThat(keyset.page(List.of(new Row(1, "n".repeat(513))), request).items()).hasSize(1);
	}

}
