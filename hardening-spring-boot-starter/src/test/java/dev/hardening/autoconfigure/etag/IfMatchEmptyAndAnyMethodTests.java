package dev.hardening.autoconfigure.etag;

import dev.hardening.etag.ETag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on {@code hardening.etag.require-if-match} that hold: an empty {@code If-Match} value
 * never writes, and a {@code @RequestMapping} without {@code method} reached by {@code POST} +
 * {@code _method} still gets 428.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = IfMatchEmptyAndAnyMethodTests.App.class,
		properties = { "hardening.etag.require-if-match=/projects/**", "spring.mvc.hiddenmethod.filter.enabled=true" })
class IfMatchEmptyAndAnyMethodTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "PUT", "DELETE" })
	void anEmptyIfMatchDoesNotWrite(String method) {
		EtagWire.Response response = new EtagWire(this.port).send(method, "/projects/1", "x", "Content-Type",
				"text/plain", "If-Match", "");

		assertThat(response.status()).as(response.toString()).isIn(400, 412, 428);
		assertThat(response.body()).doesNotContain("written");
	}

	@ParameterizedTest
	@ValueSource(strings = { "PUT", "PATCH", "DELETE" })
	void aMappingWithoutMethodStillRequiresIfMatchForAHiddenWrite(String method) {
		EtagWire.Response response = new EtagWire(this.port).send("POST", "/projects/any/1", "_method=" + method,
				"Content-Type", FORM);

		assertThat(response.status()).as(response.toString()).isEqualTo(428);
		assertThat(response.body()).doesNotContain("written");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controller.class)
	static class App {

	}

	@RestController
	static class Controller {

		@RequestMapping(path = "/projects/{id}",
				method = { RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE })
		ResponseEntity<String> write(@PathVariable long id, ConditionalRequest conditional,
				jakarta.servlet.http.HttpServletRequest request) {
			conditional.check(ETag.ofVersion(7));
			return ResponseEntity.ok("written " + request.getMethod() + " " + id);
		}

		@RequestMapping(path = "/projects/any/{id}")
		ResponseEntity<String> any(@PathVariable long id) {
			return ResponseEntity.ok("written any " + id);
		}

		@RequestMapping(path = "/projects/{id}", method = RequestMethod.POST)
		ResponseEntity<String> post(@PathVariable long id) {
			return ResponseEntity.ok("written POST " + id);
		}

	}

}
