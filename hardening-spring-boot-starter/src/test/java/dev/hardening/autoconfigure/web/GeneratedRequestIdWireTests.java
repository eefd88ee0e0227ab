package dev.hardening.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.requestid.RequestIdGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request ID an application's own generator makes is checked on every response before it
 * goes to Tomcat as bytes: one with CR and LF in it (or anything not printable ASCII) goes as
 * text, which Tomcat filters, so it never splits the response; the printable ones that follow it
 * on the same connection go as bytes and arrive whole.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = GeneratedRequestIdWireTests.TestApplication.class)
class GeneratedRequestIdWireTests {

	@LocalServerPort
	private int port;

	@Test
	void aGeneratedIdWithCrLfDoesNotSplitTheResponse() {
		String response = new TestHttp(this.port).raw(("GET /json HTTP/1.1\r\nHost: localhost\r\n\r\n"
				+ "GET /json HTTP/1.1\r\nHost: localhost\r\n\r\n"
				+ "GET /json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));

		List<String> lines = response.lines().toList();
		assertThat(lines).noneMatch((line) -> line.startsWith("Set-Cookie"));
		assertThat(lines).filteredOn((line) -> line.startsWith("X-Request-ID:"))
			.containsExactly("X-Request-ID: evil  Set-Cookie: session=stolen", "X-Request-ID: ok-" + "x".repeat(5),
					"X-Request-ID: caf\u00e9-2");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		RequestIdGenerator requestIdGenerator() {
			AtomicInteger count = new AtomicInteger();
			List<String> ids = List.of("evil\r\nSet-Cookie: session=stolen", "ok-" + "x".repeat(5), "caf\u00e9-2");
			return () -> ids.get(count.getAndIncrement() % ids.size());
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/json")
		Map<String, String> json() {
			return Map.of("a", "b");
		}

	}

}
