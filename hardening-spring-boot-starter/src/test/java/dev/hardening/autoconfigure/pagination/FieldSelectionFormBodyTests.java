package dev.hardening.autoconfigure.pagination;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler on a field-selection path that reads its request's raw body (a webhook checking a
 * signature over the bytes it was sent, form-encoded as many are) must get the bytes the client
 * sent, whether or not the request has a {@code fields} parameter: selection is about the response.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = FieldSelectionFormBodyTests.RawBodyApplication.class,
		properties = "hardening.pagination.fields.paths=/attacker/**")
class FieldSelectionFormBodyTests {

	private static final String FORM = "token=abc&text=hello+world&user=u1";

	@LocalServerPort
	private int port;

	@Test
	void aFormPostsRawBodyReachesItsHandlerOnASelectionPath() {
		HttpResponse<String> response = new TestHttp(this.port).post("/attacker/webhook",
				"application/x-www-form-urlencoded", FORM);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(json(response.body()).path("body").asString()).isEqualTo(FORM);
	}

	@Test
	void theSameBodyReachesTheSameHandlerOffTheSelectionPaths() {
		HttpResponse<String> response = new TestHttp(this.port).post("/elsewhere/webhook",
				"application/x-www-form-urlencoded", FORM);

		assertThat(json(response.body()).path("body").asString()).isEqualTo(FORM);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WebhookController.class)
	static class RawBodyApplication {

	}

	@RestController
	static class WebhookController {

		@PostMapping({ "/attacker/webhook", "/elsewhere/webhook" })
		Map<String, String> webhook(HttpServletRequest request) throws IOException {
			return Map.of("body", new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
		}

	}

}
