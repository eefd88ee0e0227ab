package dev.hardening.idempotency;

import java.util.List;

import dev.hardening.idempotency.IdempotencyKey.InvalidKeyException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Attempts to get a key past the parser that should not pass, or to make two different keys of one
 * client collide: one key has one spelling, a character a store or a log line must not see is
 * never let through, and the parser answers anything with a key or its own exception.
 */
class IdempotencyKeyAttackTests {

	@Property(tries = 5000)
	void anAcceptedValueIsTheKeysOnlySpellingButForSurroundingSpaces(@ForAll("nearlyKeys") String value) {
		String key;
		try {
			key = IdempotencyKey.parse(value);
		}
		catch (InvalidKeyException ex) {
			return;
		}
		// so a cache or a proxy that compares header values sees the same key as the store does
		assertThat(value.strip()).isEqualTo(serialise(key));
	}

	@Property(tries = 3000)
	void aQuotedKeyWithOneForbiddenCharacterSmuggledInIsRefused(@ForAll("keys") String key,
			@ForAll("forbidden") char smuggled, @ForAll @IntRange(max = 255) int at) {
		String serialised = serialise(key);
		int position = 1 + (at % (serialised.length() - 1));
		String value = serialised.substring(0, position) + smuggled + serialised.substring(position);

		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> IdempotencyKey.parse(value));
	}

	@Property(tries = 2000)
	void anyNumberOfFieldLinesGivesOneKeyOrTheParsersOwnException(
			@ForAll @Size(max = 4) List<@StringLength(max = 20) String> lines) {
		Throwable thrown = catchThrowable(() -> IdempotencyKey.parse(lines));
		if (lines.size() > 1) {
			assertThat(thrown).isInstanceOf(InvalidKeyException.class);
		}
		else if (thrown != null) {
			assertThat(thrown).isInstanceOf(InvalidKeyException.class);
		}
	}

	@Property(tries = 2000)
	void theMessageOfARefusalNeverCarriesTheValue(@ForAll("keys") String key, @ForAll("forbidden") char smuggled) {
		String value = "\"<marker-" + key.length() + ">" + smuggled + "\"";
		Throwable thrown = catchThrowable(() -> IdempotencyKey.parse(value));

		assertThat(thrown).isInstanceOf(InvalidKeyException.class);
		assertThat(thrown.getMessage()).doesNotContain("marker").doesNotContain(String.valueOf(smuggled));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\uFF02k\uFF02", "\u201Ck\u201D", "\"k\u0000\"", "\"k\u2028\"", "\"k\u00A0\"",
			"\u00A0\"k\"", "\"k\"\u00A0", "\"k\\\u00e9\"", "\"\\u0041\"", "\"k\"\r\n", "\r\n\"k\"" })
	void lookalikeQuotesAndInvisibleCharactersAreRefused(String value) {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> IdempotencyKey.parse(value));
	}

	@Test
	void aValueOfAMegabyteIsRefusedByItsRulesNotByRunningOutOfStack() {
		String escapes = "\"" + "\\\"".repeat(500_000) + "\"";
		String unclosed = "\"" + "k".repeat(1_000_000);

		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> IdempotencyKey.parse(escapes))
			.withMessageContaining("255");
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> IdempotencyKey.parse(unclosed));
	}

	@Test
	void keysThatDifferOnlyInCaseOrEscapingOfOrdinaryCharactersAreDifferentOrRefused() {
		assertThat(IdempotencyKey.parse("\"Key\"")).isNotEqualTo(IdempotencyKey.parse("\"key\""));
		// escaping is only for '"' and '\', so "\k" cannot be a second spelling of "k"
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> IdempotencyKey.parse("\"\\k\""));
	}

	@Provide
	Arbitrary<String> keys() {
		return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(200);
	}

	/** Values made of the characters that matter to the grammar, so that many of them are keys. */
	@Provide
	Arbitrary<String> nearlyKeys() {
		return Arbitraries.strings().withChars(' ', '"', '\\', 'k', '\t', ';', ',').ofMaxLength(10)
			.map((value) -> "\"" + value);
	}

	@Provide
	Arbitrary<Character> forbidden() {
		return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001F'), Arbitraries.of('\u007F', '\u0085',
				'\u00A0', '\u00e9', '\u2028', '\uFEFF', '\uFF02', '\uD83D'));
	}

	private static String serialise(String key) {
		return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
