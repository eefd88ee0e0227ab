package dev.hardening.autoconfigure.etag;

import dev.hardening.etag.ETag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. With Spring Boot's supported {@code spring.mvc.pathmatch.matching-strategy=ant_path_matcher},
 * Spring MVC maps the path Tomcat decoded and normalized ({@code //projects/1} is
 * {@code /projects/1}), while {@code PathPatterns} matches the raw request URI, where
 * {@code /projects/**} does not match {@code //projects/1}. So:
 * <ul>
 * <li>{@code PUT //projects/1} without {@code If-Match} reaches the controller and writes:
 * docs/conditional-requests.md promises "On {@code require-if-match} paths, {@code PUT},
 * {@code PATCH} and {@code DELETE} without {@code If-Match} get the {@code 428} problem", and the
 * controller's {@code check} passes a request that has no {@code If-Match} at all: the lost-update
 * protection is gone. Should be {@code 428 PRECONDITION_REQUIRED}.</li>
 * <li>{@code GET //projects/1} loses the {@code private, no-cache} rule and goes out with no
 * {@code Cache-Control}: a user's data that shared caches may store heuristically. Should carry
 * the rule's value.</li>
 * </ul>
 * The filters should match the path the handler mapping matches (or refuse paths that are not
 * normalized).
 * Now every path setting is matched with each run of slashes as one slash (PathPatterns), so these
 * requests get the 428 and the rule.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AntMatcherDoubleSlashTests.App.class,
		properties = { "spring.mvc.pathmatch.matching-strategy=ant_path_matcher",
				"hardening.etag.require-if-match=/projects/**", "hardening.etag.cache-control[0].paths=/projects/**",
				"hardening.etag.cache-control[0].value=private, no-cache" })
class AntMatcherDoubleSlashTests {

	@LocalServerPort
	private int port;

	@Test
	void theNormalPathIsProtected() {
		EtagWire wire = new EtagWire(this.port);

		assertThat(wire.send("PUT", "/projects/1", "x", "Content-Type", "text/plain").status()).isEqualTo(428);
		assertThat(wire.send("GET", "/projects/1", null).header("Cache-Control")).isEqualTo("private, no-cache");
	}

	@Test
	void anUnconditionalPutThroughADoubleSlashIsRefused() {
		EtagWire.Response response = new EtagWire(this.port).send("PUT", "//projects/1", "x", "Content-Type",
				"text/plain");

		assertThat(response.body()).doesNotContain("replaced");
		assertThat(response.status()).as(response.toString()).isEqualTo(428);
	}

	@Test
	void anUnconditionalDeleteThroughADoubleSlashIsRefused() {
		EtagWire.Response response = new EtagWire(this.port).send("DELETE", "//projects/1", null);

		assertThat(response.status()).as(response.toString()).isEqualTo(428);
	}

	@Test
	void aReadThroughADoubleSlashKeepsThePrivateRule() {
		EtagWire.Response response = new EtagWire(this.port).send("GET", "//projects/1", null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).as(response.toString()).isEqualTo("private, no-cache");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controller.class)
	static class App {

	}

	@RestController
	static class Controller {

		@GetMapping("/projects/{id}")
		ResponseEntity<String> get(@PathVariable long id, ConditionalRequest conditional) {
			return conditional.respond(ETag.ofVersion(3), () -> "project " + id + " of user 1");
		}

		@PutMapping("/projects/{id}")
		ResponseEntity<String> update(@PathVariable long id, ConditionalRequest conditional) {
			conditional.check(ETag.ofVersion(3));
			return ResponseEntity.ok("replaced");
		}

		@DeleteMapping("/projects/{id}")
		ResponseEntity<String> delete(@PathVariable long id, ConditionalRequest conditional) {
			conditional.check(ETag.ofVersion(3));
			return ResponseEntity.ok("deleted");
		}

	}

}
