package dev.hardening.autoconfigure.etag;

import java.util.List;

import dev.hardening.etag.ETag;
import dev.hardening.etag.EntityTags;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

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
 * Found by an attack, and fixed. docs/conditional-requests.md, "Malformed fields": {@code If-Match} accepts {@code *} or a
 * list of quoted tags, "anything else makes the field malformed: a malformed {@code If-Match}
 * fails ({@code 412})". {@code EntityTags.parse} sets a flag for every {@code *} it meets, so
 * {@code **}, {@code *, *}, {@code * *} and {@code *} on two field lines are all read as
 * {@code *}: a {@code PUT} with {@code If-Match: **} (a typo, or a client that concatenated two
 * values) replaces the resource whatever its version. The grammar is {@code "*" / #entity-tag}
 * (RFC 9110 §13.1.1): each of these should be malformed, and the write a {@code 412} problem.
 * Now each is malformed, and the write a 412 problem.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = IfMatchStarsTests.App.class,
		properties = "hardening.etag.require-if-match=/projects/**")
class IfMatchStarsTests {

	@LocalServerPort
	private int port;

	@Test
	void aPutWithIfMatchOfTwoStarsIsRefused() {
		EtagWire.Response response = new EtagWire(this.port).send("PUT", "/projects/1", "x", "Content-Type",
				"text/plain", "If-Match", "**");

		assertThat(response.status()).as(response.toString()).isEqualTo(412);
	}

	@Test
	void aPutWithTwoStarLinesIsRefused() {
		EtagWire.Response response = new EtagWire(this.port).send("PUT", "/projects/1", "x", "Content-Type",
				"text/plain", "If-Match", "*", "If-Match", "*");

		assertThat(response.status()).as(response.toString()).isEqualTo(412);
	}

	@Property(tries = 200)
	void moreThanOneStarIsMalformed(@ForAll("stars") String value) {
		EntityTags parsed = EntityTags.parse(List.of(value));

		assertThat(parsed).isNotNull();
		assertThat(parsed.isMalformed()).as("If-Match: %s", value).isTrue();
		assertThat(parsed.isAny()).isFalse();
	}

	@Provide
	Arbitrary<String> stars() {
		Arbitrary<String> separator = Arbitraries.of("", " ", ",", ", ", " , ", "\t");
		return Arbitraries.integers().between(2, 6).flatMap((count) -> separator.list().ofSize(count - 1).map((seps) -> {
			StringBuilder value = new StringBuilder("*");
			for (String sep : seps) {
				value.append(sep).append('*');
			}
			return value.toString();
		}));
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
