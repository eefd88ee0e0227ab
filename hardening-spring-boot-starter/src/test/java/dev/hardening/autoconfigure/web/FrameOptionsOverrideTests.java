package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
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
 * {@code hardening.web.headers.overrides.X-Frame-Options=SAMEORIGIN} with the default policies
 * (whose {@code frame-ancestors} is {@code 'none'}): what a normal answer and an error answer of
 * one application carry, on the wire. An error answer gets the shared headers on
 * {@code sendError}, the configured X-Frame-Options among them, and the error page's profile then
 * reads that X-Frame-Options as the application's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = FrameOptionsOverrideTests.TestApplication.class,
		properties = "hardening.web.headers.overrides.X-Frame-Options=SAMEORIGIN")
class FrameOptionsOverrideTests {

	@LocalServerPort
	private int port;

	@Test
	void aNormalAnswerAndAnErrorAnswerCarryTheSameFramingPolicy() {
		RawExchange.Response normal = RawExchange.send(this.port, "GET", "/json", null, new byte[0], false);
		RawExchange.Response error = RawExchange.send(this.port, "GET", "/send-error", null, new byte[0], false);

		assertThat(normal.status()).isEqualTo(200);
		assertThat(error.status()).isEqualTo(409);
		assertThat(normal.header("X-Frame-Options")).as(normal.head()).isEqualTo("SAMEORIGIN");
		assertThat(error.header("X-Frame-Options")).as(error.head()).isEqualTo("SAMEORIGIN");
		// the policy's frame-ancestors says what the configured X-Frame-Options says, on both
		assertThat(normal.header("Content-Security-Policy")).as(normal.head())
			.isEqualTo("default-src 'none'; frame-ancestors 'self'");
		assertThat(error.header("Content-Security-Policy")).as(normal.head() + "\n\n" + error.head())
			.isEqualTo(normal.header("Content-Security-Policy"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping("/json")
		Map<String, String> json() {
			return Map.of("a", "b");
		}

		@GetMapping("/send-error")
		void sendError(HttpServletResponse response) throws IOException {
			response.sendError(409);
		}

	}

}
