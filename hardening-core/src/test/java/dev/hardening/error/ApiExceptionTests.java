package dev.hardening.error;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class ApiExceptionTests {

	@Test
	void carriesCodeDetailAndExtensions() {
		ErrorCode archived = ErrorCode.of("PROJECT_ARCHIVED", 409, "Project archived");
		Map<String, Object> extensions = new HashMap<>();
		extensions.put("projectId", 42);

		ApiException ex = new ApiException(archived, "Project 42 is archived", extensions);
		extensions.put("later", "ignored");

		assertThat(ex.errorCode()).isEqualTo(archived);
		assertThat(ex.detail()).isEqualTo("Project 42 is archived");
		assertThat(ex.getMessage()).isEqualTo("Project 42 is archived");
		assertThat(ex.extensions()).containsExactly(entry("projectId", 42));
	}

	@Test
	void refusesExtensionsThatWouldOverwriteProblemMembers() {
		for (String reserved : List.of("type", "title", "status", "detail", "instance", "code", "requestId", "errors")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new ApiException(ErrorCode.CONFLICT, "detail", Map.of(reserved, "x")))
				.withMessageContaining(reserved);
		}
	}

	@Test
	void subclassesCarryTheirCatalogueCodes() {
		assertThat(new NotFoundException("x").errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
		assertThat(new ConflictException("x").errorCode()).isEqualTo(ErrorCode.CONFLICT);
		assertThat(new ForbiddenException("x").errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
		assertThat(new UnavailableException("x").errorCode()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
		assertThat(new ValidationException(List.of(new Violation("name", "NOT_BLANK", "must not be blank"))).errorCode())
			.isEqualTo(ErrorCode.VALIDATION_FAILED);
	}

	@Test
	void unavailableCarriesItsRetryDelayAndRejectsANegativeOne() {
		assertThat(new UnavailableException("busy", Duration.ofSeconds(30), null).retryAfter())
			.contains(Duration.ofSeconds(30));
		assertThat(new UnavailableException("busy").retryAfter()).isEmpty();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new UnavailableException("busy", Duration.ofSeconds(-1), null));
	}

	@Test
	void validationNeedsAtLeastOneViolationAndKeepsACopy() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ValidationException(List.of()));
		List<Violation> violations = new java.util.ArrayList<>(
				List.of(new Violation("endDate", "BEFORE_START", "must be after startDate")));

		ValidationException ex = new ValidationException(violations);
		violations.clear();

		assertThat(ex.violations()).singleElement().extracting(Violation::field).isEqualTo("endDate");
	}

}
