package dev.hardening.autoconfigure.error;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.error.HtmlErrorPagesTests.BROWSER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with its own {@code ErrorController}: the starter's {@code ProblemErrorController}
 * steps aside, browsers are handed to the application's controller with the status (and the
 * problem, for its code), and API clients still get the problem from the starter's handlers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = HtmlErrorPagesWithOwnErrorControllerTests.TestApplication.class)
class HtmlErrorPagesWithOwnErrorControllerTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void browsersGetTheApplicationsErrorControllerWithTheProblemsCode() {
		HttpResponse<String> badParameter = this.http.get("/pages/items?count=abc", "Accept", BROWSER);
		assertThat(badParameter.statusCode()).isEqualTo(400);
		assertThat(badParameter.body()).isEqualTo("own page 400 INVALID_PARAMETER");

		HttpResponse<String> notFound = this.http.get("/nowhere", "Accept", BROWSER);
		assertThat(notFound.statusCode()).isEqualTo(404);
		assertThat(notFound.body()).isEqualTo("own page 404 NOT_FOUND");
	}

	@Test
	void apiClientsStillGetProblems() {
		assertProblem(this.http.get("/pages/items?count=abc", "Accept", "application/json"), 400, "INVALID_PARAMETER");
		assertProblem(this.http.get("/nowhere"), 404, "NOT_FOUND");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ HtmlErrorPagesTests.PagesController.class, OwnErrorController.class })
	static class TestApplication {

	}

	@Controller
	static class OwnErrorController implements ErrorController {

		@RequestMapping("/error")
		ResponseEntity<String> error(HttpServletRequest request) {
			Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
			ProblemDetail problem = ErrorPages.problem(request);
			Map<String, Object> properties = (problem != null) ? problem.getProperties() : null;
			Object code = (properties != null) ? properties.get("code") : null;
			return ResponseEntity.status((Integer) status)
				.contentType(MediaType.TEXT_PLAIN)
				.body("own page " + status + " " + code);
		}

	}

}
