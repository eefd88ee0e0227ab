package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack, and fixed. docs/conditional-requests.md: "A {@code no-store} response gets no shallow ETag, whoever
 * said {@code no-store}." The filter looks for the lower-case text {@code no-store} in the
 * <em>first</em> {@code Cache-Control} line only ({@code EtagFilter.eligible}), so a response that
 * says {@code Cache-Control: NO-STORE} (cache directives are case-insensitive, RFC 9111 §5.2), or
 * that says {@code no-store} on a second {@code Cache-Control} line, is buffered, tagged and
 * answered {@code 304}: a fingerprint of content its owner asked nobody to keep. It should get no
 * ETag and never a {@code 304}.
 * Now every {@code Cache-Control} line is read, in any case: such a response gets no ETag and no
 * {@code 304}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = NoStoreSpellingTests.App.class)
class NoStoreSpellingTests {

	@LocalServerPort
	private int port;

	@Test
	void anUpperCaseNoStoreGetsNoETag() {
		EtagWire.Response response = new EtagWire(this.port).send("GET", "/upper-no-store", null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Cache-Control")).isEqualTo("NO-STORE");
		assertThat(response.header("ETag")).as("a no-store response, whatever its spelling").isNull();
	}

	@Test
	void aNoStoreOnASecondCacheControlLineGetsNoETagAndNo304() {
		EtagWire wire = new EtagWire(this.port);
		EtagWire.Response first = wire.send("GET", "/two-lines", null);
		String etag = first.header("ETag");
		EtagWire.Response again = wire.send("GET", "/two-lines", null, "If-None-Match", "W/\"probe\", " + etag);

		assertThat(first.headers("Cache-Control")).containsExactly("private", "no-store");
		assertThat(etag).as("a no-store response on its second Cache-Control line").isNull();
		assertThat(again.status()).isEqualTo(200);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Controller.class)
	static class App {

	}

	@RestController
	static class Controller {

		@GetMapping("/upper-no-store")
		ResponseEntity<String> upper() {
			return ResponseEntity.ok().header("Cache-Control", "NO-STORE").body("secret of the signed-in user");
		}

		@GetMapping("/two-lines")
		void twoLines(HttpServletResponse response) throws IOException {
			response.addHeader("Cache-Control", "private");
			response.addHeader("Cache-Control", "no-store");
			response.setContentType("text/plain");
			response.getOutputStream().write("secret of the signed-in user".getBytes(StandardCharsets.UTF_8));
		}

	}

}
