package dev.hardening.idempotency;

import java.util.List;

import dev.hardening.idempotency.IdempotencyKey.InvalidKeyException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdempotencyKeyTests {

	@Test
	void readsTheDraftsExample() {
		assertThat(IdempotencyKey.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""))
			.isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
	}

	@Test
	void unescapesQuotesAndBackslashesAndDropsSurroundingSpaces() {
		assertThat(IdempotencyKey.parse("  \"a\\\"b\\\\c d\"  ")).isEqualTo("a\"b\\c d");
	}

	@Test
	void noHeaderIsNoKey() {
		assertThat(IdempotencyKey.parse(List.of())).isNull();
	}

	@Test
	void refusesTheHeaderSentTwiceEvenWithTheSameValue() {
		assertThatExceptionOfType(InvalidKeyException.class)
			.isThrownBy(() -> IdempotencyKey.parse(List.of("\"k\"", "\"k\"")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\"\"", "k", "8e03978e-40d5-43e8-bc93-6894a57f9324", "\"k", "k\"", "\"k\";a=1",
			"\"a\", \"b\"", "\"a\" \"b\"", "\"a\\x\"", "\"a\\\"", "\"tab\there\"", "\"caf\u00e9\"", "\"nul\u0000\"",
			"\"line\r\nX-Injected: 1\"", "\t\"k\"", "\"k\"\t", "'k'", "\"\u212Aelvin\"" })
	void refusesWhatIsNotOneQuotedStringOfPrintableAscii(String value) {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> IdempotencyKey.parse(value));
	}

	@Test
	void acceptsTwoHundredFiftyFiveCharactersAndNotOneMore() {
		assertThat(IdempotencyKey.parse("\"" + "k".repeat(255) + "\"")).hasSize(255);
		assertThatExceptionOfType(InvalidKeyException.class)
			.isThrownBy(() -> IdempotencyKey.parse("\"" + "k".repeat(256) + "\""));
		// the limit is on the key, not on its escaped form
		assertThat(IdempotencyKey.parse("\"" + "\\\\".repeat(255) + "\"")).hasSize(255);
	}

	@Test
	void theMessageNeverQuotesTheValue() {
		assertThatExceptionOfType(InvalidKeyException.class)
			.isThrownBy(() -> IdempotencyKey.parse("\"<script>\u0007\""))
			.withMessageNotContaining("script");
	}

	@Property(tries = 3000)
	void everyKeyRoundTripsThroughItsSerialisedForm(@ForAll("keys") String key) {
		assertThat(IdempotencyKey.parse(serialise(key))).isEqualTo(key);
	}

	@Property(tries = 5000)
	void anyValueIsAKeyOfPrintableAsciiOrRefusedWithTheKeysOwnException(@ForAll @StringLength(max = 300) String value) {
		String key;
		try {
			key = IdempotencyKey.parse(value);
		}
		catch (InvalidKeyException ex) {
			return;
		}
		assertThat(key).isNotEmpty().hasSizeLessThanOrEqualTo(255);
		assertThat(key.chars()).allMatch((c) -> c >= 0x20 && c <= 0x7E);
	}

	@Property(tries = 3000)
	void aKeyWithAnythingAppendedIsRefused(@ForAll("keys") String key,
			@ForAll @StringLength(min = 1, max = 5) String tail) {
		String value = serialise(key) + tail;
		if (tail.isBlank() && tail.chars().allMatch((c) -> c == ' ')) {
			assertThat(IdempotencyKey.parse(value)).isEqualTo(key);
			return;
		}
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> IdempotencyKey.parse(value));
	}

	@Provide
	Arbitrary<String> keys() {
		return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(255);
	}

	private static String serialise(String key) {
		return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
