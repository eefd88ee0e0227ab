package dev.hardening.autoconfigure.error;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.error.ForbiddenException;
import dev.hardening.error.NotFoundException;
import dev.hardening.error.UnavailableException;
import dev.hardening.error.ValidationException;
import dev.hardening.error.Violation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of error a Spring MVC application produces, answered by a real server. Boot's own
 * error settings are turned up as far as they go, to prove they cannot leak internals.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ProblemResponsesTests.TestApplication.class,
		properties = { "spring.servlet.multipart.max-file-size=1KB", "spring.mvc.async.request-timeout=100ms",
				"spring.mvc.problemdetails.enabled=true", "spring.web.error.include-stacktrace=always",
				"spring.web.error.include-message=always", "spring.web.error.include-exception=true",
				"server.error.include-stacktrace=always", "logging.pattern.correlation=[%X{requestId:-}] " })
@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void unknownPathIsANotFoundProblem() {
		JsonNode problem = assertProblem(this.http.get("/nowhere"), 404, "NOT_FOUND");

		assertThat(problem.path("type").asString()).isEqualTo("about:blank");
		assertThat(problem.path("title").asString()).isEqualTo("Not Found");
		assertThat(problem.path("instance").asString()).isEqualTo("/nowhere");
	}

	@Test
	void apiExceptionKeepsItsDetailAndExtensions() {
		JsonNode problem = assertProblem(this.http.get("/test/widgets/7"), 404, "NOT_FOUND");

		assertThat(problem.path("detail").asString()).isEqualTo("Widget 7 does not exist.");
		assertThat(problem.path("widgetId").asInt()).isEqualTo(7);
		assertThat(problem.path("instance").asString()).isEqualTo("/test/widgets/7");
	}

	@Test
	void validationExceptionListsItsViolations() {
		JsonNode problem = assertProblem(this.http.get("/test/validation-exception"), 400, "VALIDATION_FAILED");

		assertThat(problem.path("errors")).hasSize(1);
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("endDate");
		assertThat(problem.path("errors").get(0).path("code").asString()).isEqualTo("BEFORE_START");
	}

	@Test
	void unavailableExceptionSetsRetryAfterInWholeSecondsAndLogsItsCause(CapturedOutput output) {
		HttpResponse<String> response = this.http.get("/test/unavailable");

		assertProblem(response, 503, "SERVICE_UNAVAILABLE");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
		assertThat(output.getOut()).contains("[" + requestIdOf(response) + "] ")
			.contains("Answered GET /test/unavailable with 503")
			.containsOnlyOnce("java.io.IOException: upstream down");
	}

	@Test
	void invalidBodyListsEveryViolationInAStableOrder() {
		HttpResponse<String> response = this.http.post("/test/widgets", "application/json",
				"{\"name\": \" \", \"size\": 0, \"tags\": [\"ok\", \"\"]}");

		JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
		assertThat(problem.path("errors")).hasSize(3);
		assertThat(problem.path("errors").toString())
			.isEqualTo("[{\"field\":\"name\",\"code\":\"NOT_BLANK\",\"message\":\"must not be blank\"},"
					+ "{\"field\":\"size\",\"code\":\"MIN\",\"message\":\"must be greater than or equal to 1\"},"
					+ "{\"field\":\"tags[1]\",\"code\":\"NOT_BLANK\",\"message\":\"must not be blank\"}]");
	}

	@Test
	void invalidParameterIsAValidationProblemNamingTheParameter() {
		JsonNode problem = assertProblem(this.http.get("/test/search?q=x&limit=1000"), 400, "VALIDATION_FAILED");

		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("limit");
		assertThat(problem.path("errors").get(0).path("code").asString()).isEqualTo("MAX");
	}

	@Test
	void constraintViolationOfAValidatedControllerIsAValidationProblem() {
		JsonNode problem = assertProblem(this.http.get("/validated?code=toolong"), 400, "VALIDATION_FAILED");

		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("code");
		assertThat(problem.path("errors").get(0).path("code").asString()).isEqualTo("SIZE");
	}

	@Test
	void malformedJsonSaysWhereWithoutQuotingTheInput() {
		HttpResponse<String> response = this.http.post("/test/widgets", "application/json", "{\"name\": <script>");

		JsonNode problem = assertProblem(response, 400, "MALFORMED_BODY");
		assertThat(problem.path("detail").asString()).isEqualTo("The request body is not valid JSON at line 1, column 10.");
		assertThat(response.body()).doesNotContain("script");
	}

	@Test
	void wrongTypeInTheBodyNamesTheField() {
		HttpResponse<String> response = this.http.post("/test/widgets", "application/json",
				"{\"name\": \"ok\", \"size\": \"big\"}");

		JsonNode problem = assertProblem(response, 400, "MALFORMED_BODY");
		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("size");
		assertThat(problem.path("errors").get(0).path("code").asString()).isEqualTo("TYPE_MISMATCH");
		assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo("must be an integer");
		assertThat(response.body()).doesNotContain("big", "java.", "Integer");
	}

	@Test
	void missingBodyIsAMalformedBodyProblem() {
		JsonNode problem = assertProblem(this.http.post("/test/widgets", "application/json", ""), 400,
				"MALFORMED_BODY");

		assertThat(problem.path("detail").asString()).isEqualTo("The request body is missing.");
	}

	@Test
	void pathVariableOfTheWrongTypeIsAnInvalidParameter() {
		JsonNode problem = assertProblem(this.http.get("/test/widgets/abc"), 400, "INVALID_PARAMETER");

		assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("id");
		assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo("must be an integer");
	}

	@Test
	void missingParameterAndHeaderAreMissingParameterProblems() {
		JsonNode parameter = assertProblem(this.http.get("/test/search"), 400, "MISSING_PARAMETER");
		JsonNode header = assertProblem(this.http.get("/test/header"), 400, "MISSING_PARAMETER");

		assertThat(parameter.path("errors").get(0).path("field").asString()).isEqualTo("q");
		assertThat(parameter.path("errors").get(0).path("code").asString()).isEqualTo("REQUIRED");
		assertThat(header.path("errors").get(0).path("field").asString()).isEqualTo("X-Tenant");
	}

	@Test
	void unsupportedMethodIsAProblemWithAllow(CapturedOutput output) {
		HttpResponse<String> response = this.http.send("DELETE", "/test/search", null);

		assertProblem(response, 405, "METHOD_NOT_ALLOWED");
		assertThat(response.headers().firstValue("Allow")).hasValue("GET");
		assertThat(output).doesNotContain("Request method 'DELETE' is not supported");
	}

	@Test
	void unacceptableRepresentationIsStillAProblemInJson() {
		assertProblem(this.http.get("/test/widgets/1", "Accept", "application/xml"), 406, "NOT_ACCEPTABLE");
	}

	@Test
	void unsupportedMediaTypeIsAProblem() {
		assertProblem(this.http.post("/test/widgets", "text/plain", "name=x"), 415, "UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void oversizedUploadIsAPayloadTooLargeProblem() {
		String boundary = "----hardening";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(4096) + "\r\n--" + boundary + "--\r\n";

		assertProblem(this.http.post("/test/upload", "multipart/form-data; boundary=" + boundary, body), 413,
				"PAYLOAD_TOO_LARGE");
	}

	@Test
	void unexpectedExceptionIsAGenericProblemLoggedOnceWithTheRequestId(CapturedOutput output) throws Exception {
		HttpResponse<String> response = this.http.get("/test/boom");

		JsonNode problem = assertProblem(response, 500, "INTERNAL_ERROR");
		assertThat(problem.path("detail").asString()).isEqualTo(ProblemFactory.INTERNAL_DETAIL);
		assertThat(response.body()).doesNotContain("secret", "SELECT", "IllegalState");
		assertThat(output.getOut()).containsOnlyOnce("java.lang.IllegalStateException: secret: SELECT * FROM users")
			.contains("[" + requestIdOf(response) + "] ");
		// the line docs/errors.md quotes, with this request's ID, then the stack trace's first line
		List<String> lines = output.getOut().lines().toList();
		int logged = lines.indexOf(lines.stream()
			.filter((line) -> line.contains(" ERROR ") && line.contains("[" + requestIdOf(response) + "] dev.hardening.errors"))
			.findFirst()
			.orElseThrow());
		assertThat(lines.get(logged)).endsWith(" : Unexpected error on GET /test/boom");
		// Boot's console pattern puts a blank line before a throwable
		assertThat(lines.get(logged + 1)).isEmpty();
		assertThat(lines.get(logged + 2)).isEqualTo("java.lang.IllegalStateException: secret: SELECT * FROM users");
		assertThat(errorsMdQuote()).contains(" ERROR ")
			.endsWith("[01a2088b-d3bd-73aa-af4f-0963873ea28a] dev.hardening.errors : Unexpected error on GET /test/boom\n\n"
					+ "java.lang.IllegalStateException: secret: SELECT * FROM users\n");
	}

	private static String errorsMdQuote() throws java.io.IOException {
		String errors = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "errors.md"));
		int at = errors.indexOf("dev.hardening.errors : Unexpected error on GET /test/boom");
		return errors.substring(errors.lastIndexOf('\n', at) + 1, errors.indexOf("```", at));
	}

	@Test
	void responseStatusExceptionKeepsItsStatusAndReason() {
		JsonNode problem = assertProblem(this.http.get("/test/status-exception"), 409, "CONFLICT");

		assertThat(problem.path("detail").asString()).isEqualTo("Widget is locked.");
	}

	@Test
	void responseStatusExceptionWithoutReasonGetsAGeneralDetail() {
		JsonNode problem = assertProblem(this.http.get("/test/teapot"), 418, "HTTP_418");

		assertThat(problem.path("detail").asString()).isEqualTo("The request failed with status 418.");
		assertThat(problem.path("instance").asString()).isEqualTo("/test/teapot");
	}

	@Test
	void exceptionAnnotatedWithResponseStatusKeepsItsStatus() {
		JsonNode problem = assertProblem(this.http.get("/test/annotated-exception"), 410, "GONE");

		assertThat(problem.path("detail").asString()).isEqualTo("The request failed with status 410.");
	}

	@Test
	void problemReturnedByAControllerIsCompleted() {
		JsonNode problem = assertProblem(this.http.get("/test/problem"), 402, "HTTP_402");

		assertThat(problem.path("balance").asInt()).isEqualTo(30);
		assertThat(problem.path("detail").asString()).isEqualTo("Your balance is too low.");
	}

	@Test
	void apiExceptionThrownByAFilterIsItsProblem() {
		JsonNode problem = assertProblem(this.http.get("/filter/api"), 403, "FORBIDDEN");

		assertThat(problem.path("detail").asString()).isEqualTo("Tenant suspended.");
		assertThat(problem.path("instance").asString()).isEqualTo("/filter/api");
	}

	@Test
	void unexpectedExceptionThrownByAFilterIsLoggedOnceWithTheRequestId(CapturedOutput output) {
		HttpResponse<String> response = this.http.get("/filter/boom");

		assertProblem(response, 500, "INTERNAL_ERROR");
		assertThat(response.body()).doesNotContain("filter secret");
		assertThat(output.getOut()).containsOnlyOnce("java.lang.IllegalStateException: filter secret")
			.contains("[" + requestIdOf(response) + "] ");
	}

	@Test
	void sendErrorFromAFilterIsAProblemForTheOriginalPath() {
		JsonNode problem = assertProblem(this.http.get("/filter/send-error"), 401, "UNAUTHORIZED");

		assertThat(problem.path("instance").asString()).isEqualTo("/filter/send-error");
	}

	@Test
	void requestingTheErrorPathDirectlyIsNotFound() {
		assertProblem(this.http.get("/error"), 404, "NOT_FOUND");
	}

	@Test
	void exceptionInAnAsyncHandlerIsAProblem(CapturedOutput output) {
		assertProblem(this.http.get("/test/async-boom"), 500, "INTERNAL_ERROR");
		assertProblem(this.http.get("/test/async-api"), 404, "NOT_FOUND");
		assertThat(output.getOut()).containsOnlyOnce("java.lang.IllegalStateException: async secret");
	}

	@Test
	void asyncTimeoutIsAServiceUnavailableProblem() {
		assertProblem(this.http.get("/test/async-never"), 503, "SERVICE_UNAVAILABLE");
	}

	private static String requestIdOf(HttpResponse<String> response) {
		return response.headers().firstValue("X-Request-ID").orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TestController.class, ValidatedController.class })
	static class TestApplication {

		@Bean
		FilterRegistrationBean<FailingFilter> failingFilter() {
			FilterRegistrationBean<FailingFilter> registration = new FilterRegistrationBean<>(new FailingFilter());
			registration.addUrlPatterns("/filter/*");
			return registration;
		}

	}

	record Widget(@NotBlank String name, @Min(1) int size, List<@NotBlank String> tags) {
	}

	@ResponseStatus(HttpStatus.GONE)
	static class RetiredException extends RuntimeException {

		RetiredException() {
			super("retired");
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/test/widgets/{id}")
		Widget widget(@PathVariable long id) {
			if (id == 7) {
				throw new NotFoundException("Widget 7 does not exist.", Map.of("widgetId", 7));
			}
			return new Widget("widget", 1, List.of());
		}

		@PostMapping("/test/widgets")
		Widget create(@Valid @RequestBody Widget widget) {
			return widget;
		}

		@GetMapping("/test/validation-exception")
		void validationException() {
			throw new ValidationException(List.of(new Violation("endDate", "BEFORE_START", "must be after startDate")));
		}

		@GetMapping("/test/unavailable")
		void unavailable() {
			throw new UnavailableException("Try again shortly.", Duration.ofMillis(1500), new IOException("upstream down"));
		}

		@GetMapping("/test/search")
		String search(@RequestParam String q, @RequestParam(defaultValue = "10") @Max(100) int limit) {
			return q + limit;
		}

		@GetMapping("/test/header")
		String header(@RequestHeader("X-Tenant") String tenant) {
			return tenant;
		}

		@PostMapping("/test/upload")
		long upload(@RequestParam MultipartFile file) {
			return file.getSize();
		}

		@GetMapping("/test/boom")
		void boom() {
			throw new IllegalStateException("secret: SELECT * FROM users");
		}

		@GetMapping("/test/status-exception")
		void statusException() {
			throw new ResponseStatusException(HttpStatus.CONFLICT, "Widget is locked.");
		}

		@GetMapping("/test/teapot")
		void teapot() {
			throw new ResponseStatusException(HttpStatus.I_AM_A_TEAPOT);
		}

		@GetMapping("/test/annotated-exception")
		void annotatedException() {
			throw new RetiredException();
		}

		@GetMapping("/test/problem")
		ProblemDetail problem() {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED,
					"Your balance is too low.");
			problem.setProperty("balance", 30);
			return problem;
		}

		@GetMapping("/test/async-boom")
		Callable<String> asyncBoom() {
			return () -> {
				throw new IllegalStateException("async secret");
			};
		}

		@GetMapping("/test/async-api")
		DeferredResult<String> asyncApi() {
			DeferredResult<String> result = new DeferredResult<>();
			result.setErrorResult(new NotFoundException("Nothing here."));
			return result;
		}

		@GetMapping("/test/async-never")
		DeferredResult<String> asyncNever() {
			return new DeferredResult<>();
		}

	}

	@RestController
	@Validated
	static class ValidatedController {

		@GetMapping("/validated")
		String validated(@RequestParam @Size(max = 3) String code) {
			return code;
		}

	}

	static class FailingFilter extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			switch (request.getRequestURI()) {
				case "/filter/api" -> throw new ForbiddenException("Tenant suspended.");
				case "/filter/boom" -> throw new IllegalStateException("filter secret");
				case "/filter/send-error" -> response.sendError(401);
				default -> chain.doFilter(request, response);
			}
		}

	}

}
