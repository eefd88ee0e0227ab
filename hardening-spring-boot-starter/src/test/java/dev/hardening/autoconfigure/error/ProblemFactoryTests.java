package dev.hardening.autoconfigure.error;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.error.UnavailableException;
import dev.hardening.error.ValidationException;
import dev.hardening.error.Violation;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ProblemFactoryTests {

	private final ProblemFactory untyped = new ProblemFactory(null, false);

	private final ProblemFactory typed = new ProblemFactory(URI.create("https://errors.example.com/api"), false);

	@Test
	void withoutABaseUriTheTypeIsAboutBlankAndTheTitleTheStatusPhrase() {
		ProblemDetail problem = this.untyped.create(ErrorCode.VALIDATION_FAILED, "Bad fields.");
		this.untyped.complete(problem, new MockHttpServletRequest("POST", "/projects"));

		assertThat(problem.getType()).isEqualTo(URI.create("about:blank"));
		assertThat(problem.getTitle()).isEqualTo("Bad Request");
		assertThat(problem.getStatus()).isEqualTo(400);
		assertThat(problem.getProperties()).containsEntry("code", "VALIDATION_FAILED");
	}

	@Test
	void withABaseUriTheTypeNamesTheCodeAndTheTitleIsTheCodes() {
		ProblemDetail problem = this.typed.create(ErrorCode.VALIDATION_FAILED, "Bad fields.");

		assertThat(problem.getType()).isEqualTo(URI.create("https://errors.example.com/api/validation-failed"));
		assertThat(problem.getTitle()).isEqualTo("Validation failed");
	}

	@Test
	void givesAStatusWithoutAPhraseTheCodesTitle() {
		ProblemDetail problem = this.untyped.create(ErrorCode.of("ODD", 499, "Odd failure"), null);

		assertThat(problem.getTitle()).isEqualTo("Odd failure");
	}

	@Test
	void completesAProblemMadeElsewhereWithoutOverwritingIt() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Taken.");
		problem.setType(URI.create("https://example.com/mine"));
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/projects/1");
		request.setAttribute(RequestIdFilter.ATTRIBUTE, "req-1");

		this.typed.complete(problem, request);

		assertThat(problem.getType()).isEqualTo(URI.create("https://example.com/mine"));
		assertThat(problem.getProperties()).contains(entry("code", "CONFLICT"), entry("requestId", "req-1"));
		assertThat(problem.getInstance()).isEqualTo(URI.create("/projects/1"));
	}

	@Test
	void instanceOfAnErrorDispatchIsTheOriginalPath() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/projects/9");
		ProblemDetail problem = ProblemDetail.forStatus(404);

		this.untyped.complete(problem, request);

		assertThat(problem.getInstance()).isEqualTo(URI.create("/projects/9"));
	}

	@Test
	void carriesTheExceptionsExtensionsAndViolations() {
		ProblemDetail problem = this.untyped.create(new ValidationException(List.of(new Violation("a", "B", "c"))));
		ProblemDetail archived = this.untyped
			.create(new ApiException(ErrorCode.of("ARCHIVED", 409, "Archived"), "Gone quiet.", Map.of("id", 4)));

		assertThat(problem.getProperties()).containsKey("errors");
		assertThat(archived.getProperties()).containsEntry("id", 4).containsEntry("code", "ARCHIVED");
		assertThat(archived.getDetail()).isEqualTo("Gone quiet.");
	}

	@Test
	void hidesTheExceptionUnlessAskedToShowIt() {
		IllegalStateException failure = new IllegalStateException("db password is hunter2");

		assertThat(this.untyped.createInternal(500, failure).getDetail()).doesNotContain("hunter2");
		assertThat(new ProblemFactory(null, true).createInternal(500, failure).getDetail()).contains("hunter2");
	}

	@Test
	void retryAfterIsRoundedUpToWholeSeconds() {
		assertThat(this.untyped.headers(new UnavailableException("x", Duration.ofMillis(1001), null)).getFirst("Retry-After"))
			.isEqualTo("2");
		assertThat(this.untyped.headers(new UnavailableException("x", Duration.ofSeconds(3), null)).getFirst("Retry-After"))
			.isEqualTo("3");
		assertThat(this.untyped.headers(new UnavailableException("x")).containsHeader("Retry-After")).isFalse();
	}

	@Test
	void encodesAPathThatIsNotAValidUriSoTheInstanceIsNeverLost() {
		assertThat(ProblemFactory.encoded("//")).isEqualTo("/%2F");
		assertThat(ProblemFactory.encoded("/a b/%zz/\u00e9")).isEqualTo("/a%20b/%25zz/%C3%A9");
		assertThat(URI.create(ProblemFactory.encoded("//evil.example/x")).getAuthority()).isNull();
	}

}
