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

}
