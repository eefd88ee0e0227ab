package dev.hardening.autoconfigure.error;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.error.NotFoundException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content negotiation on errors, through a real Tomcat: a browser gets the application's own
 * Thymeleaf error pages ({@code error/404.html}, else {@code error.html}) with the status kept
 * and the problem's {@code code} and {@code requestId} in the model, and nothing of the exception
 * even with every {@code include-*} of Boot turned up; API clients keep getting problems.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HtmlErrorPagesTests.TestApplication.class,
		properties = { "spring.thymeleaf.prefix=classpath:/html-errors/templates/",
				"spring.web.error.include-stacktrace=always", "spring.web.error.include-message=always",
				"spring.web.error.include-exception=true", "spring.web.error.include-binding-errors=always",
				"hardening.web.limits.max-body-size=64KB", "hardening.rate-limit.policies[0].name=pages",
				"hardening.rate-limit.policies[0].paths=/pages/limited", "hardening.rate-limit.policies[0].key=ip",
				"hardening.rate-limit.policies[0].limits[0].capacity=1",
				"hardening.rate-limit.policies[0].limits[0].period=1h" })
class HtmlErrorPagesTests {

	/** What Firefox and Safari send for a page. */
	static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	static final String ERROR_PAGE = "The application's own error page";

	static final String NOT_FOUND_PAGE = "The application's page for 404";

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void aBrowserGetsTheApplicationsPageForAnUnknownPath() {
		HttpResponse<String> response = this.http.get("/nowhere", "Accept", BROWSER);

		assertPage(response, 404, NOT_FOUND_PAGE);
		assertThat(field(response, "code")).isEqualTo("NOT_FOUND");
		assertThat(field(response, "requestId")).isNotEmpty()
			.isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
	}

	@Test
	void anApiExceptionBecomesThePageForItsStatusWithItsCode() {
		HttpResponse<String> notFound = this.http.get("/pages/widgets/7", "Accept", BROWSER);
		assertPage(notFound, 404, NOT_FOUND_PAGE);
		assertThat(field(notFound, "code")).isEqualTo("NOT_FOUND");

		HttpResponse<String> archived = this.http.get("/pages/archived", "Accept", BROWSER);
		assertPage(archived, 409, ERROR_PAGE);
		assertThat(field(archived, "code")).isEqualTo("PROJECT_ARCHIVED");
		assertThat(field(archived, "status")).isEqualTo("409");
	}

	@Test
	void aBadParameterRendersTheGeneralPageWithItsCode() {
		HttpResponse<String> response = this.http.get("/pages/items?count=abc", "Accept", BROWSER);

		assertPage(response, 400, ERROR_PAGE);
		assertThat(field(response, "code")).isEqualTo("INVALID_PARAMETER");
		assertThat(field(response, "error")).isEqualTo("Bad Request");
		assertThat(field(response, "errors")).isEmpty();
	}

	@Test
	void aBugRendersTheGeneralPageWithoutTheExceptionWhateverBootsSettingsSay() {
		HttpResponse<String> response = this.http.get("/pages/boom", "Accept", BROWSER);

		assertPage(response, 500, ERROR_PAGE);
		assertThat(field(response, "code")).isEqualTo("INTERNAL_ERROR");
		assertThat(field(response, "message")).isEmpty();
		assertThat(field(response, "exception")).isEmpty();
		assertThat(field(response, "trace")).isEmpty();
	}

	@Test
	void aPageNeverQuotesWhatTheClientSent() {
		HttpResponse<String> response = this.http.post("/pages/json", "application/json",
				"{\"name\": \"<script>alert(1)</script>\", oops", "Accept", BROWSER);

		assertPage(response, 400, ERROR_PAGE);
		assertThat(field(response, "code")).isEqualTo("MALFORMED_BODY");
		assertThat(response.body()).doesNotContain("<script>", "alert", "oops", "JSON parse");
	}

	@Test
	void aFilterThatFailsRendersTheGeneralPage() {
		HttpResponse<String> response = this.http.get("/pages/filter-boom", "Accept", BROWSER);

		assertPage(response, 500, ERROR_PAGE);
		assertThat(field(response, "code")).isEqualTo("INTERNAL_ERROR");
	}

	@Test
	void aWrongMethodKeepsItsStatusAndAllowHeader() {
		HttpResponse<String> response = this.http.post("/pages/items", "application/x-www-form-urlencoded", "a=b",
				"Accept", BROWSER);

		assertPage(response, 405, ERROR_PAGE);
		assertThat(response.headers().firstValue("Allow")).hasValue("GET");
		assertThat(field(response, "code")).isEqualTo("METHOD_NOT_ALLOWED");
	}

	@Test
	void aTooLargeFormFromABrowserGetsThePageWith413() {
		HttpResponse<String> response = this.http.post("/pages/form", "application/x-www-form-urlencoded",
				"name=" + "x".repeat(200 * 1024), "Accept", BROWSER);

		assertPage(response, 413, ERROR_PAGE);
		assertThat(field(response, "code")).isEqualTo("PAYLOAD_TOO_LARGE");
	}

	@Test
	void aTooLargeChunkedFormFromABrowserGetsThePageWith413() {
		HttpResponse<String> response = postChunked(this.port, "/pages/form", "name=" + "x".repeat(200 * 1024));

		assertPage(response, 413, ERROR_PAGE);
		assertThat(field(response, "code")).isEqualTo("PAYLOAD_TOO_LARGE");
	}

	@Test
	void aRateLimitedBrowserGetsThePageWithRetryAfter() {
		this.http.get("/pages/limited", "Accept", BROWSER);
		HttpResponse<String> response = this.http.get("/pages/limited", "Accept", BROWSER);

		assertPage(response, 429, ERROR_PAGE);
		assertThat(field(response, "code")).isEqualTo("RATE_LIMITED");
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertProblem(this.http.get("/pages/limited", "Accept", "application/json"), 429, "RATE_LIMITED");
	}

	@Test
	void apiClientsKeepGettingProblems() {
		assertProblem(this.http.get("/nowhere", "Accept", "application/json"), 404, "NOT_FOUND");
		assertProblem(this.http.get("/nowhere", "Accept", "application/problem+json"), 404, "NOT_FOUND");
		assertProblem(this.http.get("/nowhere", "Accept", "*/*"), 404, "NOT_FOUND");
		assertProblem(this.http.get("/nowhere"), 404, "NOT_FOUND");
		assertProblem(this.http.get("/pages/items?count=abc", "Accept", "application/json"), 400, "INVALID_PARAMETER");
		assertProblem(this.http.get("/pages/boom", "Accept", "*/*"), 500, "INTERNAL_ERROR");
		assertProblem(this.http.get("/pages/widgets/7", "Accept", "application/json, text/html;q=0.9"), 404,
				"NOT_FOUND");
		assertProblem(this.http.post("/pages/form", "application/x-www-form-urlencoded",
				"name=" + "x".repeat(200 * 1024), "Accept", "application/json"), 413, "PAYLOAD_TOO_LARGE");
	}

	@Test
	void malformedAcceptHeadersGetAClearAnswer() {
		assertProblem(this.http.get("/nowhere", "Accept", "text/html;q=garbage"), 404, "NOT_FOUND");
		assertProblem(this.http.get("/nowhere", "Accept", ",,,"), 404, "NOT_FOUND");
		assertProblem(this.http.get("/pages/boom", "Accept", "text/html;q=2"), 500, "INTERNAL_ERROR");
		StringBuilder huge = new StringBuilder();
		for (int i = 0; huge.length() < 6000; i++) {
			huge.append("application/x-").append(i).append(";q=0.5, ");
		}
		assertPage(this.http.get("/nowhere", "Accept", huge + "text/html"), 404, NOT_FOUND_PAGE);
		assertProblem(this.http.get("/nowhere", "Accept", huge + "text/html;q=0"), 404, "NOT_FOUND");
	}

	/** A browser's form post without Content-Length, so that the limit stops it while it is read. */
	static HttpResponse<String> postChunked(int port, String path, String form) {
		byte[] body = form.getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", BROWSER)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void assertPage(HttpResponse<String> response, int status, String page) {
		assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
		assertThat(response.body()).contains(page)
			.doesNotContain("secret", "SELECT", "IllegalStateException", "Exception", "\tat ", "java.");
	}

	/** The text of the page's element with this id. */
	static String field(HttpResponse<String> response, String id) {
		Matcher matcher = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(response.body());
		assertThat(matcher.find()).as("%s in %s", id, response.body()).isTrue();
		return matcher.group(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PagesController.class)
	static class TestApplication {

		@Bean
		FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {

						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							throw new IllegalStateException("secret: SELECT * FROM users");
						}

					});
			registration.addUrlPatterns("/pages/filter-boom");
			return registration;
		}

	}

	@RestController
	static class PagesController {

		static final ErrorCode PROJECT_ARCHIVED = ErrorCode.of("PROJECT_ARCHIVED", 409, "Project archived");

		@GetMapping("/pages/items")
		String items(@RequestParam int count) {
			return "items " + count;
		}

		@GetMapping("/pages/limited")
		String limited() {
			return "ok";
		}

		@GetMapping("/pages/boom")
		String boom() {
			throw new IllegalStateException("secret: SELECT * FROM users");
		}

		@GetMapping("/pages/widgets/{id}")
		String widget(@PathVariable long id) {
			throw new NotFoundException("Widget " + id + " does not exist.", Map.of("widgetId", id));
		}

		@GetMapping("/pages/archived")
		String archived() {
			throw new ApiException(PROJECT_ARCHIVED, "Project 42 is archived.");
		}

		@PostMapping("/pages/json")
		String json(@RequestBody Map<String, Object> body) {
			return "ok " + body.size();
		}

		@PostMapping("/pages/form")
		String form(@RequestParam String name) {
			return "hello " + name.length();
		}

	}

}
