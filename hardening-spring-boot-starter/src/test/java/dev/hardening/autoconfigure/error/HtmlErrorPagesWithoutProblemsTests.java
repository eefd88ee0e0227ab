package dev.hardening.autoconfigure.error;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static dev.hardening.autoconfigure.error.HtmlErrorPagesTests.BROWSER;
import static dev.hardening.autoconfigure.error.HtmlErrorPagesTests.ERROR_PAGE;
import static dev.hardening.autoconfigure.error.HtmlErrorPagesTests.NOT_FOUND_PAGE;
import static dev.hardening.autoconfigure.error.HtmlErrorPagesTests.assertPage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code hardening.errors.enabled=false}, Spring Boot's own error handling answers, and the
 * starter's body limit hands its {@code 413} to it: a browser gets the application's page, not
 * Tomcat's, and an API client Boot's JSON with the members errors.md quotes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HtmlErrorPagesTests.TestApplication.class,
		properties = { "hardening.errors.enabled=false", "spring.thymeleaf.prefix=classpath:/html-errors/templates/",
				"hardening.web.limits.max-body-size=64KB" })
class HtmlErrorPagesWithoutProblemsTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void aTooLargeFormFromABrowserGetsTheApplicationsPage() {
		HttpResponse<String> response = this.http.post("/pages/form", "application/x-www-form-urlencoded",
				"name=" + "x".repeat(200 * 1024), "Accept", BROWSER);

		assertPage(response, 413, ERROR_PAGE);
	}

	@Test
	void aTooLargeChunkedFormFromABrowserGetsTheApplicationsPage() {
		HttpResponse<String> response = HtmlErrorPagesTests.postChunked(this.port, "/pages/form",
				"name=" + "x".repeat(200 * 1024));

		assertPage(response, 413, ERROR_PAGE);
	}

	@Test
	void anUnknownPathIsBootsPage() {
		assertPage(this.http.get("/nowhere", "Accept", BROWSER), 404, NOT_FOUND_PAGE);
	}

	@Test
	void apiClientsGetBootsJson() {
		HttpResponse<String> response = this.http.get("/nowhere", "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
		// the members errors.md quotes, in Boot's order: {"timestamp":..., "status":404, "error":"Not Found", "path":"/nowhere"}
		JsonNode body = json(response.body());
		assertThat(body.propertyNames()).containsExactly("timestamp", "status", "error", "path");
		assertThat(body.get("status").asInt()).isEqualTo(404);
		assertThat(body.get("error").asString()).isEqualTo("Not Found");
		assertThat(body.get("path").asString()).isEqualTo("/nowhere");
		assertThat(body.get("timestamp").isString()).isTrue();
	}

}
