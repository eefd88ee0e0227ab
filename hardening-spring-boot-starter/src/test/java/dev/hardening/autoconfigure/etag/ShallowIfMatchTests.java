package dev.hardening.autoconfigure.etag;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. docs/conditional-requests.md, "Evaluation order": "Preconditions are evaluated as RFC 9110
 * §13.2.2 says: {@code If-Match}, then ... {@code If-None-Match}". On a shallow-tagged
 * {@code GET} the filter evaluates {@code If-None-Match} alone and never {@code If-Match}: a
 * request whose {@code If-Match} names no current tag gets a {@code 200}, or a {@code 304} when
 * its {@code If-None-Match} matches, where the RFC order answers {@code 412} (a deep-tagged
 * {@code GET} through {@code ConditionalRequest.respond} does answer {@code 412}). Should be a
 * {@code 412 PRECONDITION_FAILED} problem, or the doc should say the shallow filter ignores
 * {@code If-Match}.
 * Now the filter evaluates {@code If-Match} first and answers a failed one {@code 412
 * PRECONDITION_FAILED}, {@code no-store}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ShallowIfMatchTests.App.class)
class ShallowIfMatchTests {

	@LocalServerPort
	private int port;

	@Test
	void aFailedIfMatchOnAShallowGetIsAPreconditionFailed() {
		EtagWire wire = new EtagWire(this.port);
		String etag = wire.send("GET", "/items", null).header("ETag");
		EtagWire.Response response = wire.send("GET", "/items", null, "If-Match", "\"not-current\"",
				"If-None-Match", etag);

		assertThat(etag).isNotNull();
		assertThat(response.status()).as(response.toString()).isEqualTo(412);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controller.class)
	static class App {

	}

	@RestController
	static class Controller {

		@GetMapping("/items")
		List<String> items() {
			return List.of("first", "second");
		}

	}

}
