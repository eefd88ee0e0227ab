package dev.hardening.autoconfigure.etag;

import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code cache-control} rule describes the resource on its paths, not a redirect away from it:
 * a redirect that still carries the rule's value when it commits gets the error value
 * ({@code no-store} by default) or, with that set empty, no {@code Cache-Control} at all, so that
 * no browser replays a redirect (Spring Security's to its login page, say:
 * {@code SecurityHeaderCompositionTests}) for the rule's lifetime. A redirect's own
 * {@code Cache-Control} is kept, and a {@code 304} keeps the rule's value.
 */
class CacheControlRedirectTests {

	private static final String RULE = "private, max-age=600";

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class,
			properties = { "hardening.etag.cache-control[0].paths=/rule/**",
					"hardening.etag.cache-control[0].value=" + RULE })
	class WithTheDefaultErrorValue {

		@LocalServerPort
		private int port;

		@Test
		void aRedirectOnARulePathIsNotStored() {
			for (String path : new String[] { "/rule/found", "/rule/moved", "/rule/see-other" }) {
				EtagWire.Response response = new EtagWire(this.port).send("GET", path, null);

				assertThat(response.status()).as(path).isBetween(300, 399);
				assertThat(response.headers("Cache-Control")).as(path).containsExactly("no-store");
			}
		}

		@Test
		void aRedirectThatSaysHowToCacheItKeepsItsWord() {
			EtagWire.Response response = new EtagWire(this.port).send("GET", "/rule/cached-redirect", null);

			assertThat(response.status()).isEqualTo(301);
			assertThat(response.headers("Cache-Control")).containsExactly("max-age=86400");
		}

		@Test
		void theResourceAndItsNotModifiedKeepTheRule() {
			EtagWire wire = new EtagWire(this.port);
			EtagWire.Response ok = wire.send("GET", "/rule/resource", null);
			EtagWire.Response notModified = wire.send("GET", "/rule/resource", null, "If-None-Match", ok.header("ETag"));

			assertThat(ok.status()).isEqualTo(200);
			assertThat(ok.headers("Cache-Control")).containsExactly(RULE);
			assertThat(notModified.status()).isEqualTo(304);
			assertThat(notModified.headers("Cache-Control")).containsExactly(RULE);
		}

		@Test
		void aRedirectOffTheRulePathsGetsNothing() {
			EtagWire.Response response = new EtagWire(this.port).send("GET", "/elsewhere/found", null);

			assertThat(response.status()).isEqualTo(302);
			assertThat(response.headers("Cache-Control")).isEmpty();
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = App.class,
			properties = { "hardening.etag.cache-control[0].paths=/rule/**",
					"hardening.etag.cache-control[0].value=" + RULE, "hardening.etag.error-cache-control=" })
	class WithoutAnErrorValue {

		@LocalServerPort
		private int port;

		@Test
		void aRedirectOnARulePathLosesTheRule() {
			EtagWire.Response response = new EtagWire(this.port).send("GET", "/rule/found", null);

			assertThat(response.status()).isEqualTo(302);
			assertThat(response.headers("Cache-Control")).isEmpty();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Redirects.class)
	static class App {

	}

	@RestController
	static class Redirects {

		@GetMapping({ "/rule/found", "/elsewhere/found" })
		ResponseEntity<Void> found() {
			return ResponseEntity.status(HttpStatus.FOUND).header("Location", "/login").build();
		}

		@GetMapping("/rule/moved")
		ResponseEntity<Void> moved() {
			return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).header("Location", "/rule/resource").build();
		}

		@GetMapping("/rule/see-other")
		ResponseEntity<Void> seeOther() {
			return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", "/rule/resource").build();
		}

		@GetMapping("/rule/cached-redirect")
		ResponseEntity<Void> cachedRedirect() {
			return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
				.header("Location", "/rule/resource")
				.cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(1)))
				.build();
		}

		@GetMapping("/rule/resource")
		Map<String, Object> resource() {
			return Map.of("id", 1);
		}

	}

}
