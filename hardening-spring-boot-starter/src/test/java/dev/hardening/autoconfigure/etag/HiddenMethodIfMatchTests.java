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
 * Lost-update protection when the application lets a {@code POST} name the method it stands for
 * (Spring's {@code HiddenHttpMethodFilter}, {@code spring.mvc.hiddenmethod.filter.enabled}): the
 * ETag filter runs before it and sees a {@code POST}, so a {@code PUT}, {@code PATCH} or
 * {@code DELETE} sent as {@code POST} with {@code _method}, in the form body or the query, in any
 * case, must still carry {@code If-Match} on a path that requires it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HiddenMethodIfMatchTests.App.class,
		properties = { "hardening.etag.require-if-match=/projects/**", "spring.mvc.hiddenmethod.filter.enabled=true" })
class HiddenMethodIfMatchTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "PUT", "PATCH", "DELETE", "put", "Delete" })
	void aWriteSentAsAPostWithAMethodInItsFormMustStillBeConditional(String method) {
		EtagWire.Response response = new EtagWire(this.port).send("POST", "/projects/1", "_method=" + method,
				"Content-Type", FORM);

		assertThat(response.status()).as(response.toString()).isEqualTo(428);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.body()).contains("\"code\":\"PRECONDITION_REQUIRED\"").doesNotContain("written");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/projects/1?_method=PUT", "/projects/1/?_method=DELETE", "/%70rojects/1?_method=PATCH" })
	void aWriteSentAsAPostWithAMethodInItsQueryMustStillBeConditional(String target) {
		EtagWire.Response response = new EtagWire(this.port).send("POST", target, "x", "Content-Type", "text/plain");

		assertThat(response.status()).as(response.toString()).isEqualTo(428);
		assertThat(response.body()).doesNotContain("written");
	}

	@Test
	void aWriteSentAsAPostWithTheCurrentTagWrites() {
		EtagWire.Response response = new EtagWire(this.port).send("POST", "/projects/1", "_method=PUT",
				"Content-Type", FORM, "If-Match", "\"7\"");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("written PUT 1");
	}

	@Test
	void aWriteSentAsAPostWithAStaleTagDoesNotWrite() {
		EtagWire.Response response = new EtagWire(this.port).send("POST", "/projects/1", "_method=DELETE",
				"Content-Type", FORM, "If-Match", "\"6\"");

		assertThat(response.status()).as(response.toString()).isEqualTo(412);
		assertThat(response.body()).doesNotContain("written");
	}

	@Test
	void aPlainPostIsNotRequiredToBeConditional() {
		EtagWire.Response response = new EtagWire(this.port).send("POST", "/projects/1", "name=x", "Content-Type",
				FORM);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("written POST 1");
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

		@RequestMapping(path = "/projects/{id}", method = RequestMethod.POST)
		ResponseEntity<String> post(@PathVariable long id) {
			return ResponseEntity.ok("written POST " + id);
		}

	}

}
