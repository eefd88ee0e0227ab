package dev.hardening.web;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogValuesTests {

	@Test
	void escapesEveryControlCharacterSoAValueStaysOnOneLine() {
		assertThat(LogValues.safe("curl/8\r\n2026-11-23 INFO forged line\t\u0000\u001b[31m\u007f\u0085\u2028x\\é", 200))
			.isEqualTo("curl/8\\r\\n2026-11-23 INFO forged line\\t\\u0000\\u001b[31m\\u007f\\u0085\\u2028x\\\\é");
	}

	@Test
	void truncatesLongValuesVisibly() {
		assertThat(LogValues.safe("a".repeat(300), 256)).hasSize(257).endsWith("a…");
		assertThat(LogValues.safe("short", 256)).isEqualTo("short");
		assertThat(LogValues.safe(null, 256)).isNull();
	}

	@Property
	void noClientValueCanBreakTheLineOrControlTheTerminal(@ForAll String value, @ForAll @IntRange(min = 1, max = 300) int maxLength) {
		String safe = LogValues.safe(value, maxLength);
		assertThat(safe).isNotNull();
		assertThat(safe.chars()).noneMatch((c) -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
	}


	@Test
	void escapesAnUnpairedSurrogateAndKeepsAPair() {
		assertThat(LogValues.safe("a\uD800b\uD83D\uDE00c\uDC00", 100)).isEqualTo("a\\ud800b\uD83D\uDE00c\\udc00");
	}

	@Test
	void neverCutsASurrogatePairInTwo() {
		assertThat(LogValues.safe("r".repeat(255) + "\uD83D\uDE00", 256)).isEqualTo("r".repeat(255) + "…");
		assertThat(LogValues.safe("r".repeat(254) + "\uD83D\uDE00", 256)).isEqualTo("r".repeat(254) + "\uD83D\uDE00");
	}

	@Test
	void withinCutsTheEscapedValueToTheColumnNeverInsideAnEscape() {
		assertThat(LogValues.within("x".repeat(501), 500)).hasSize(500).endsWith("x…");
		assertThat(LogValues.within("x".repeat(500), 500)).isEqualTo("x".repeat(500));
		assertThat(LogValues.within("a\u0000b", 500)).isEqualTo("a\\u0000b");
		assertThat(LogValues.within("\u0000".repeat(100), 500)).isEqualTo("\\u0000".repeat(83) + "…");
		assertThat(LogValues.within(null, 500)).isNull();
	}

	@Property
	void aSafeValueIsWellFormedUnicode(@ForAll String value, @ForAll @IntRange(min = 1, max = 300) int maxLength) {
		assertWellFormed(LogValues.safe(value, maxLength));
	}

	@Property
	void withinIsTheSafeValueOrAPrefixOfItThatFits(@ForAll String value,
			@ForAll @IntRange(min = 7, max = 600) int maxChars) {
		String within = LogValues.within(value, maxChars);
		String whole = LogValues.safe(value, Integer.MAX_VALUE);
		assertThat(within).hasSizeLessThanOrEqualTo(maxChars);
		assertWellFormed(within);
		assertThat(within.chars()).noneMatch((c) -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029);
		if (whole.length() <= maxChars) {
			assertThat(within).isEqualTo(whole);
		}
		else {
			assertThat(within).endsWith("…");
			String kept = within.substring(0, within.length() - 1);
			assertThat(whole).startsWith(kept);
			// cut where an escape or a character ends, keeping every one that fits before the ellipsis
			int end = 0;
			while (end < kept.length()) {
				end += token(whole, end);
			}
			assertThat(end).isEqualTo(kept.length());
			assertThat(kept.length() + token(whole, kept.length())).isGreaterThan(maxChars - 1);
		}
	}

	/** The length of the escape or character of a safe value at an index. */
	private static int token(String safe, int index) {
		char c = safe.charAt(index);
		return (c == '\\') ? ((safe.charAt(index + 1) == 'u') ? 6 : 2) : Character.isHighSurrogate(c) ? 2 : 1;
	}

	private static void assertWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				assertThat(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))).as("pair at %d", i)
					.isTrue();
				i++;
			}
			else {
				assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
			}
		}
	}

}
