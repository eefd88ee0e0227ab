package dev.hardening.error;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ErrorCodeTests {

	@Test
	void acceptsAnApplicationDefinedCode() {
		ErrorCode code = ErrorCode.of("PROJECT_ARCHIVED", 409, "Project archived");

		assertThat(code.code()).isEqualTo("PROJECT_ARCHIVED");
		assertThat(code.status()).isEqualTo(409);
		assertThat(code.title()).isEqualTo("Project archived");
		assertThat(code.slug()).isEqualTo("project-archived");
	}

	@ParameterizedTest
	@ValueSource(strings = { "notFound", "NOT-FOUND", "_NOT_FOUND", "NOT__FOUND", "NOT_FOUND_", "", "1XX", "NOT FOUND" })
	void rejectsCodesThatAreNotUpperSnakeCase(String code) {
		assertThatIllegalArgumentException().isThrownBy(() -> ErrorCode.of(code, 400, "Title"))
			.withMessageContaining("UPPER_SNAKE_CASE");
	}

	@ParameterizedTest
	@ValueSource(ints = { 200, 302, 399, 600, -1 })
	void rejectsStatusesThatAreNotErrors(int status) {
		assertThatIllegalArgumentException().isThrownBy(() -> ErrorCode.of("OOPS", status, "Title"))
			.withMessageContaining("between 400 and 599");
	}

	@Test
	void rejectsABlankTitle() {
		assertThatIllegalArgumentException().isThrownBy(() -> ErrorCode.of("OOPS", 400, " "))
			.withMessageContaining("title");
	}

	@Test
	void mapsEveryCatalogueStatusBackToItsGeneralCode() {
		assertThat(ErrorCode.forStatus(400)).isEqualTo(ErrorCode.BAD_REQUEST);
		assertThat(ErrorCode.forStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
		assertThat(ErrorCode.forStatus(429)).isEqualTo(ErrorCode.RATE_LIMITED);
		assertThat(ErrorCode.forStatus(500)).isEqualTo(ErrorCode.INTERNAL_ERROR);
		assertThat(ErrorCode.forStatus(503)).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
	}

	@Test
	void givesStatusesOutsideTheCatalogueAStableCode() {
		assertThat(ErrorCode.forStatus(418)).isEqualTo(ErrorCode.of("HTTP_418", 418, "Client error"));
		assertThat(ErrorCode.forStatus(599)).isEqualTo(ErrorCode.of("HTTP_599", 599, "Server error"));
	}

	@Test
	void catalogueCodesAreUniqueAndForStatusNeverContradictsThem() throws IllegalAccessException {
		List<ErrorCode> catalogue = new ArrayList<>();
		for (Field field : ErrorCode.class.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == ErrorCode.class) {
				ErrorCode code = (ErrorCode) field.get(null);
				assertThat(code.code()).as("constant name").isEqualTo(field.getName());
				catalogue.add(code);
			}
		}
		assertThat(catalogue).hasSizeGreaterThan(20).extracting(ErrorCode::code).doesNotHaveDuplicates();
		for (ErrorCode code : catalogue) {
			assertThat(ErrorCode.forStatus(code.status()).status()).isEqualTo(code.status());
		}
	}

}
