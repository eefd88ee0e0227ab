package dev.hardening.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The redaction pattern syntax, and that nothing but one whole JSON value, rewritten, comes out.
 */
class JsonBodyRedactorTests {

	@Test
	void aNameMatchesMembersContainingItAtAnyDepthIgnoringCaseAndSeparators() {
		JsonBodyRedactor redactor = redactor("password", "apiKey");

		assertThat(redact(redactor, "{\"user\":{\"newPassword\":\"a\",\"PASS_WORD\":\"b\",\"name\":\"ann\"},"
				+ "\"x-api-key\":\"k\",\"keys\":[1]}"))
			.isEqualTo("{\"user\":{\"newPassword\":\"***\",\"PASS_WORD\":\"***\",\"name\":\"ann\"},"
					+ "\"x-api-key\":\"***\",\"keys\":[1]}");
	}

	@Test
	void aDottedPathMatchesFromTheRootWithWildcardSegmentsAndArraysStandingAtTheirPath() {
		JsonBodyRedactor redactor = redactor("card.number", "*.pin", "cards.cvv");

		assertThat(redact(redactor, "{\"card\":{\"number\":\"4111\",\"expiry\":\"12/30\"},"
				+ "\"order\":{\"card\":{\"number\":\"5500\"},\"pin\":1},\"pin\":2,\"number\":3,"
				+ "\"cards\":[{\"cvv\":\"123\"},{\"cvv\":\"456\",\"type\":\"visa\"}]}"))
			.isEqualTo("{\"card\":{\"number\":\"***\",\"expiry\":\"12/30\"},"
					+ "\"order\":{\"card\":{\"number\":\"5500\"},\"pin\":\"***\"},\"pin\":2,\"number\":3,"
					+ "\"cards\":[{\"cvv\":\"***\"},{\"cvv\":\"***\",\"type\":\"visa\"}]}");
	}

	@Test
	void masksAWholeObjectOrArrayAndKeepsEverythingElseAsSent() {
		JsonBodyRedactor redactor = redactor("secret");

		assertThat(redact(redactor, " {\"secret\":{\"a\":[1,2]},\"secrets\":[\"x\"],\"n\":1.50,"
				+ "\"big\":123456789012345678901234567890,\"e\":1E+3,\"t\":true,\"z\":null,\"d\":1,\"d\":2} "))
			.isEqualTo("{\"secret\":\"***\",\"secrets\":\"***\",\"n\":1.50,"
					+ "\"big\":123456789012345678901234567890,\"e\":1E+3,\"t\":true,\"z\":null,\"d\":1,\"d\":2}");
		assertThat(redact(redactor, "[{\"secret\":1},\"secret\"]")).isEqualTo("[{\"secret\":\"***\"},\"secret\"]");
	}

	@Test
	void writesNothingForTextThatIsNotExactlyOneJsonValue() {
		JsonBodyRedactor redactor = redactor("password");

		assertThat(redact(redactor, "{\"password\":\"hunter2\"")).isNull();
		assertThat(redact(redactor, "{\"password\":\"hunter2\"} password=hunter2")).isNull();
		assertThat(redact(redactor, "{\"a\":1} {\"password\":\"hunter2\"}")).isNull();
		assertThat(redact(redactor, "password=hunter2")).isNull();
		assertThat(redact(redactor, "{'password':'hunter2'}")).isNull();
		assertThat(redact(redactor, "   ")).isNull();
		assertThat(redact(redactor, "[".repeat(100) + "]".repeat(100))).isNull();
	}

	@Test
	void escapesEveryCharacterThatCouldStartALogLine() {
		JsonBodyRedactor redactor = redactor("password");

		String redacted = redact(redactor,
				"{\"note\":\"a\\nb\\u0000 \u2028 \u2029 \u0085 \u007f \u00e9\",\"n\u0085\":\"\\\"q\\\\\"}");

		assertThat(redacted).isEqualTo(
				"{\"note\":\"a\\nb\\u0000 \\u2028 \\u2029 \\u0085 \\u007F é\",\"n\\u0085\":\"\\\"q\\\\\"}");
		assertThat(redacted.chars()).noneMatch((c) -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028
				|| c == 0x2029);
	}

	@Test
	void refusesAPatternWithAnEmptySegmentNamingIt() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> JsonBodyRedactor.of(List.of("password", "card..number"), "redact"))
			.withMessageContaining("redact[1]");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> JsonBodyRedactor.of(List.of(" "), "redact"))
			.withMessageContaining("redact[0]");
	}

	private static JsonBodyRedactor redactor(String... patterns) {
		return JsonBodyRedactor.of(List.of(patterns), "redact");
	}

	private static @Nullable String redact(JsonBodyRedactor redactor, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		byte[] padded = new byte[bytes.length + 8];
		System.arraycopy(bytes, 0, padded, 0, bytes.length);
		return redactor.redact(padded, bytes.length);
	}

}
