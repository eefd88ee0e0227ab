package dev.hardening.web;

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

}
