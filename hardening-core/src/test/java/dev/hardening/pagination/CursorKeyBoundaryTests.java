package dev.hardening.pagination;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Cursor limits at their boundaries (docs/pagination.md, "Cursor limits"): a text key of exactly
 * 512 UTF-8 bytes, whatever its characters' widths, is held and comes back equal; one byte more is
 * refused; a BigDecimal of 512 characters as text comes back equal; and every cursor within the
 * limits is a token within the length the codec accepts.
 */
class CursorKeyBoundaryTests {

	private static final CursorCodec CODEC = CursorCodec.of("attacker secret long enough for a key".getBytes(StandardCharsets.UTF_8),
			Clock.systemUTC(), null);

	@Test
	void multiByteKeysOfExactly512BytesRoundTripAnd513AreRefused() {
		// 1, 2, 3 and 4 bytes per code point, padded with ASCII to exactly 512 bytes
		for (String unit : new String[] { "a", "\u00e9", "\u20ac", "\ud83d\ude00" }) {
			int width = unit.getBytes(StandardCharsets.UTF_8).length;
			String exact = unit.repeat(512 / width) + "a".repeat(512 % width);
			assertThat(exact.getBytes(StandardCharsets.UTF_8)).hasSize(512);
			Cursor cursor = new Cursor(Cursor.Direction.NEXT, List.of(exact, 1L));
			assertThat(CODEC.decode(CODEC.encode(cursor, "s"), "s").keys()).containsExactly(exact, 1L);

			assertThatIllegalArgumentException().isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of(exact + "a")));
			// a wide character at the boundary: 511 bytes plus one code point of any width over 512
			if (width > 1) {
				String over = "a".repeat(511 - width + 1 + 1) + unit;
				assertThat(over.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(512);
				assertThatIllegalArgumentException().isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of(over)));
			}
		}
	}

	@Test
	void aBigDecimalOf512CharactersRoundTripsEqual() {
		BigDecimal decimal = new BigDecimal("-" + "9".repeat(255) + "." + "1".repeat(255));
		assertThat(decimal.toString()).hasSize(512);
		Cursor cursor = new Cursor(Cursor.Direction.PREVIOUS, List.of(decimal));

		Object back = CODEC.decode(CODEC.encode(cursor, "s"), "s").keys().get(0);

		assertThat(back).isEqualTo(decimal);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of(new BigDecimal(decimal.toString() + "1"))));
	}

	@Provide
	Arbitrary<List<Object>> keys() {
		Arbitrary<Object> text = Arbitraries.strings()
			.withCharRange('\u0020', '\u07ff')
			.withChars('\u20ac', '\uffee')
			.ofMaxLength(300)
			.filter((s) -> s.getBytes(StandardCharsets.UTF_8).length <= Cursor.MAX_TEXT_BYTES)
			.map((s) -> (Object) s);
		Arbitrary<Object> number = Arbitraries.longs().map((l) -> (Object) l);
		return Arbitraries.oneOf(text, number).list().ofMinSize(1).ofMaxSize(Cursor.MAX_KEYS);
	}

	@Property(tries = 300)
	void everyCursorWithinTheLimitsIsATokenTheCodecAcceptsBack(@ForAll("keys") List<Object> keys) {
		Cursor cursor = new Cursor(Cursor.Direction.NEXT, new ArrayList<>(keys));
		String token = CODEC.encode(cursor, "scope");

		assertThat(token.length()).isLessThanOrEqualTo(CursorCodec.MAX_TOKEN_LENGTH);
		assertThat(CODEC.decode(token, "scope").keys()).isEqualTo(keys);
	}

}
