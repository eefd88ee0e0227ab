package dev.hardening.autoconfigure.error;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ViolationsTests {

	@ParameterizedTest
	@CsvSource({ "NotBlank,NOT_BLANK", "Size,SIZE", "typeMismatch,TYPE_MISMATCH", "URL,URL", "URLValid,URL_VALID",
			"DecimalMin,DECIMAL_MIN", "PastOrPresent,PAST_OR_PRESENT", "ISBN,ISBN", "Max2,MAX2", "not-blank,NOT_BLANK",
			"__,INVALID" })
	void convertsConstraintNamesToUpperSnakeCase(String name, String code) {
		assertThat(Violations.constraintCode(name)).isEqualTo(code);
	}

	@Test
	void describesExpectedTypesInJsonTerms() {
		assertThat(Violations.expectation(int.class)).isEqualTo("must be an integer");
		assertThat(Violations.expectation(BigDecimal.class)).isEqualTo("must be a number");
		assertThat(Violations.expectation(boolean.class)).isEqualTo("must be true or false");
		assertThat(Violations.expectation(Color.class)).isEqualTo("must be one of [RED, GREEN]");
		assertThat(Violations.expectation(UUID.class)).isEqualTo("must be a UUID");
		assertThat(Violations.expectation(LocalDate.class)).startsWith("must be an ISO-8601 date,");
		assertThat(Violations.expectation(Instant.class)).startsWith("must be an ISO-8601 date-time");
		assertThat(Violations.expectation(String.class)).isEqualTo("must be a string");
		assertThat(Violations.expectation(List.class)).isEqualTo("must be an array");
		assertThat(Violations.expectation(ViolationsTests.class)).isEqualTo("must be an object");
		assertThat(Violations.expectation(null)).isEqualTo("has an invalid value");
	}

	enum Color {

		RED, GREEN

	}

}
