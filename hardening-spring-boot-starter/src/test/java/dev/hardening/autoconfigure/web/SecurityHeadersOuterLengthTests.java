package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Content-Length declared outside hardening's filters, before the body is written: Tomcat
 * commits as soon as that many bytes are written, and the security headers must be on the
 * response all the same.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityHeadersOuterLengthTests.TestApplication.class)
class SecurityHeadersOuterLengthTests {

	private static final byte[] BODY = "{\"a\":\"b\"}".getBytes(StandardCharsets.US_ASCII);

	@LocalServerPort
	private int port;

	// GET bodies are held by the ETag filter until the chain ends; other methods stream at once
	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void aLengthDeclaredOutsideStillGetsTheHeaders(String method) {
		String response = new TestHttp(this.port).raw((method + " /exact HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

		List<String> lines = response.lines().takeWhile((line) -> !line.isEmpty()).toList();
		assertThat(lines).contains("Content-Length: " + BODY.length, "X-Content-Type-Options: nosniff",
				"X-Frame-Options: DENY");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		FilterRegistrationBean<OuterLength> outerLength() {
			FilterRegistrationBean<OuterLength> registration = new FilterRegistrationBean<>(new OuterLength());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	/** An application's filter outside hardening's that declares the body's length up front. */
	static class OuterLength extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			response.setContentLength(BODY.length);
			chain.doFilter(request, response);
		}

	}

	@RestController
	static class TestController {

		@org.springframework.web.bind.annotation.RequestMapping("/exact")
		void exact(HttpServletResponse response) throws IOException {
			response.setContentType("application/json");
			response.getOutputStream().write(BODY);
		}

	}

}
