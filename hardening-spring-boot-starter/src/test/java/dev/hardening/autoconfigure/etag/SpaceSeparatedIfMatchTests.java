package dev.hardening.autoconfigure.etag;

import java.util.List;

import dev.hardening.etag.ETag;
import dev.hardening.etag.EntityTags;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. docs/conditional-requests.md, "Malformed fields": {@code If-Match} is {@code *} "or a
 * comma-separated list of quoted tags, with whitespace and empty members tolerated. Anything else
 * makes the field malformed: a malformed {@code If-Match} fails ({@code 412})". {@code EntityTags}
 * takes a space or a tab as a list separator too, so {@code If-Match: "6" "7"} (no comma, not a
 * list in RFC 9110 §5.6.1) is read as two tags and the write goes through when either is current.
 * It should be malformed, and the write a {@code 412}.
 * Now two tags without a comma between them make the field malformed, and the write a {@code 412}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = SpaceSeparatedIfMatchTests.App.class)
class SpaceSeparatedIfMatchTests {

	@LocalServerPort
	private int port;

	@Test
	void aPutWithSpaceSeparatedTagsIsRefused() {
		EtagWire.Response response = new EtagWire(this.port).send("PUT", "/projects/1", "x", "Content-Type",
				"text/plain", "If-Match", "\"6\" \"7\"");

		assertThat(response.status()).as(response.toString()).isEqualTo(412);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"6\" \"7\"", "\"6\"\t\"7\"", "W/\"6\" \"7\"", "\"6\", \"5\" \"7\"" })
	void tagsWithoutACommaBetweenThemAreMalformed(String value) {
		EntityTags parsed = EntityTags.parse(List.of(value));

		assertThat(parsed).isNotNull();
		assertThat(parsed.isMalformed()).as(value).isTrue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controller.class)
	static class App {

	}

	@RestController
	static class Controller {

		@PutMapping("/projects/{id}")
		ResponseEntity<String> update(@PathVariable long id, ConditionalRequest conditional) {
			conditional.check(ETag.ofVersion(7));
			return ResponseEntity.ok("replaced");
		}

	}

}
