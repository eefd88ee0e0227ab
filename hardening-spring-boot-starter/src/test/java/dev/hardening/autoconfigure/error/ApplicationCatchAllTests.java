package dev.hardening.autoconfigure.error;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with the catch-all handler most REST services have
 * ({@code @ExceptionHandler(Exception.class)} answering 500 with the exception's class name):
 * the starter's own rejections and Spring MVC's client errors are still answered as problems with
 * their codes, while the application's handlers for specific exceptions keep winning.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ApplicationCatchAllTests.TestApplication.class,
		properties = "hardening.pagination.fields.paths=/api/**")
class ApplicationCatchAllTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void anUnknownSelectedFieldIsOurs() {
		JsonNode unknownField = assertProblem(this.http.get("/api/widget?fields=nope"), 400, "UNKNOWN_FIELD");
		assertThat(unknownField.path("fields").toString()).isEqualTo("[\"nope\"]");
	}

	@Test
	void anApiExceptionOfTheApplicationIsOurs() {
		assertProblem(this.http.get("/api/archived"), 409, "PROJECT_ARCHIVED");
	}

	@Test
	void anOverDeepBodyIsTooComplexNotAServerError() {
		assertProblem(this.http.post("/api/echo", "application/json", "[".repeat(100_000)), 400, "BODY_TOO_COMPLEX");
	}

	@Test
	void springsClientErrorsAreProblemsNotTheCatchAllsServerError() {
		assertProblem(this.http.post("/api/widgets", "application/json", "{\"name\": <"), 400, "MALFORMED_BODY");
		assertProblem(this.http.post("/api/widgets", "application/json", "{\"name\": {}}"), 400,
				"MALFORMED_BODY");
		assertProblem(this.http.get("/api/items?count=abc"), 400, "INVALID_PARAMETER");
		assertProblem(this.http.get("/api/items"), 400, "MISSING_PARAMETER");
		HttpResponse<String> wrongMethod = this.http.send("PUT", "/api/items", null);
		assertProblem(wrongMethod, 405, "METHOD_NOT_ALLOWED");
		assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
		assertProblem(this.http.post("/api/widgets", "text/plain", "name"), 415, "UNSUPPORTED_MEDIA_TYPE");
		assertProblem(this.http.get("/api/items?count=1", "Accept", "application/xml"), 406, "NOT_ACCEPTABLE");
		assertProblem(this.http.get("/api/nowhere"), 404, "NOT_FOUND");
	}

	@Test
	void aBrowserGetsTheErrorPageForTheClientErrorNotTheCatchAllsAnswer() {
		HttpResponse<String> response = this.http.get("/api/items?count=abc", "Accept",
				HtmlErrorPagesTests.BROWSER);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(response.body()).contains("Whitelabel Error Page", "status=400")
			.doesNotContain("catch-all", "Exception");
	}

	@Test
	void theApplicationsSpecificHandlerStillWins() {
		HttpResponse<String> response = this.http.get("/api/conflict");

		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(json(response.body()).path("handledBy").asString()).isEqualTo("illegal-state");
	}

	@Test
	void theCatchAllStillAnswersWhatNobodyElseDoes() {
		HttpResponse<String> response = this.http.get("/api/boom");

		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(json(response.body()).path("handledBy").asString()).isEqualTo("catch-all");
		// the application's own ResponseStatusException is the application's to answer: the report names the catch-all
		HttpResponse<String> gone = this.http.get("/api/gone");
		assertThat(gone.statusCode()).isEqualTo(500);
		assertThat(json(gone.body()).path("handledBy").asString()).isEqualTo("catch-all");
	}

	@Test
	void anAdviceDeclaredForTheFrameworkExceptionWins() {
		HttpResponse<String> response = this.http.post("/strict/widgets", "application/json", "{\"name\": <");

		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(json(response.body()).path("handledBy").asString()).isEqualTo("unreadable");
		// the same advice has no handler for a missing parameter: the catch-all would take it
		assertProblem(this.http.get("/strict/items"), 400, "MISSING_PARAMETER");
	}

	@Test
	void aControllersOwnCatchAllIsTheApplicationsToo() {
		assertProblem(this.http.get("/local/items?count=abc"), 400, "INVALID_PARAMETER");
		assertProblem(this.http.get("/local/archived"), 409, "PROJECT_ARCHIVED");
		HttpResponse<String> boom = this.http.get("/local/boom");
		assertThat(boom.statusCode()).isEqualTo(500);
		assertThat(json(boom.body()).path("handledBy").asString()).isEqualTo("local-catch-all");
	}

	record Widget(String name) {
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ApiController.class, StrictController.class, LocalController.class, CatchAllAdvice.class,
			StrictAdvice.class })
	static class TestApplication {

	}

	static final ErrorCode PROJECT_ARCHIVED = ErrorCode.of("PROJECT_ARCHIVED", 409, "Project archived");

	@RestController
	static class ApiController {

		@GetMapping("/api/widget")
		Widget widget() {
			return new Widget("a");
		}

		@PostMapping("/api/widgets")
		Widget create(@RequestBody Widget widget) {
			return widget;
		}

		@PostMapping("/api/echo")
		Object echo(@RequestBody Object body) {
			return body;
		}

		@GetMapping("/api/items")
		Widget items(@RequestParam int count) {
			return new Widget("items " + count);
		}

		@GetMapping("/api/archived")
		Widget archived() {
			throw new ApiException(PROJECT_ARCHIVED, "Project 42 is archived.");
		}

		@GetMapping("/api/conflict")
		Widget conflict() {
			throw new IllegalStateException("busy");
		}

		@GetMapping("/api/gone")
		Widget gone() {
			throw new ResponseStatusException(HttpStatus.GONE);
		}

		@GetMapping("/api/boom")
		Widget boom() {
			throw new UnsupportedOperationException("secret");
		}

	}

	@RestController
	static class StrictController {

		@PostMapping("/strict/widgets")
		Widget create(@RequestBody Widget widget) {
			return widget;
		}

		@GetMapping("/strict/items")
		Widget items(@RequestParam int count) {
			return new Widget("items " + count);
		}

	}

	@RestController
	static class LocalController {

		@GetMapping("/local/items")
		Widget items(@RequestParam int count) {
			return new Widget("items " + count);
		}

		@GetMapping("/local/archived")
		Widget archived() {
			throw new ApiException(PROJECT_ARCHIVED, "Project 42 is archived.");
		}

		@GetMapping("/local/boom")
		Widget boom() {
			throw new UnsupportedOperationException("secret");
		}

		@ExceptionHandler(Exception.class)
		ResponseEntity<Map<String, String>> any(Exception ex) {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.body(Map.of("title", ex.getClass().getSimpleName(), "handledBy", "local-catch-all"));
		}

	}

	/** The handler most services have: every exception a 500 titled with its class name. */
	@RestControllerAdvice
	static class CatchAllAdvice {

		@ExceptionHandler(Exception.class)
		ResponseEntity<Map<String, String>> any(Exception ex) {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
				.body(Map.of("title", ex.getClass().getSimpleName(), "handledBy", "catch-all"));
		}

		@ExceptionHandler(IllegalStateException.class)
		ResponseEntity<Map<String, String>> illegalState(IllegalStateException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("handledBy", "illegal-state"));
		}

	}

	/** An application that answers unreadable bodies its own way on some controllers. */
	@RestControllerAdvice(assignableTypes = StrictController.class)
	@Order(1)
	static class StrictAdvice {

		@ExceptionHandler(HttpMessageNotReadableException.class)
		ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException ex) {
			return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Map.of("handledBy", "unreadable"));
		}

	}

}
