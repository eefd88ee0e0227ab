package dev.hardening.requestid;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTests {

	@ParameterizedTest
	@ValueSource(strings = { "abc", "019a4f0c-7b1e-7c3d-9a5e-2f4b8c6d1e0a", "1-5759e988-bd862e3fe1be46a994272793",
			"svc.orders:42_a-b", "0" })
	void keepsSafeValues(String value) {
		assertThat(RequestIds.isValid(value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc\r\nX-Injected: 1", "abc\n", "a b", "caf\u00e9", "<script>", "a\"b", "a/b", "a%0d",
			"\u0000", "a\tb", "a;b" })
	void rejectsUnsafeValues(String value) {
		assertThat(RequestIds.isValid(value)).isFalse();
	}

	@Test
	void rejectsNull() {
		assertThat(RequestIds.isValid(null)).isFalse();
	}

	@Test
	void acceptsExactlyTheMaximumLength() {
		assertThat(RequestIds.isValid("a".repeat(RequestIds.MAX_LENGTH))).isTrue();
		assertThat(RequestIds.isValid("a".repeat(RequestIds.MAX_LENGTH + 1))).isFalse();
		assertThat(RequestIds.isValid("a".repeat(10_000))).isFalse();
	}

}
