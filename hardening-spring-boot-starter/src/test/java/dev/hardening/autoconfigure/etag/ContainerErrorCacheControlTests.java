package dev.hardening.autoconfigure.etag;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * Found by an attack, and fixed. docs/conditional-requests.md promises "{@code no-store} on every error that says nothing
 * about caching" and "Every error response (status 400 and above) that ... has no
 * {@code Cache-Control}, {@code Expires} or {@code Pragma} of its own gets
 * {@code error-cache-control}, {@code no-store} by default ... so that a proxy never keeps" it.
 * The problems the container answers before the filters run (an unknown
 * {@code Transfer-Encoding}: {@code 501}; an unsupported HTTP version: {@code 505}; oversized
 * headers: {@code 431}; a control character in {@code If-None-Match}: {@code 400}) carry no
 * {@code Cache-Control} at all; {@code 501} is heuristically cacheable (RFC 9110 §15.6.2), so a
 * shared cache may keep a {@code 501} for {@code /items} that one hostile request caused. They
 * should say {@code Cache-Control: no-store}.
 * Now ProblemErrorReportValve answers them with {@code Cache-Control: no-store}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = ContainerErrorCacheControlTests.App.class)
class ContainerErrorCacheControlTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "GET /items HTTP/1.1\r\nHost: l\r\nTransfer-Encoding: foo\r\nConnection: close\r\n\r\n",
			"GET /items HTTP/2.5\r\nHost: l\r\nConnection: close\r\n\r\n",
			"GET /items HTTP/1.1\r\nHost: l\r\nIf-None-Match: \"a\u0001\"\r\nConnection: close\r\n\r\n",
			"GET /items HTTP/1.1\r\nHost: l\r\nX-Padding: PADDING\r\nConnection: close\r\n\r\n" })
	void aContainerErrorIsNotStored(String request) {
		String bytes = request.replace("PADDING", "p".repeat(20_000));
		EtagWire.Response response = EtagWire.Response
			.parse(new TestHttp(this.port).raw(bytes.getBytes(StandardCharsets.ISO_8859_1)));

		assertThat(response.status()).isGreaterThanOrEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		assertThat(response.header("Cache-Control")).as(response.toString()).isEqualTo("no-store");
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
			return List.of("first");
		}

	}

}
