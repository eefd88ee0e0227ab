package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.apache.tomcat.util.buf.MessageBytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the embedded Tomcat, the security headers are handed to Tomcat as the bytes it writes
 * (encoded once at startup), they reach the wire as the profile has them, and a filter of the
 * application's that sits outside hardening's and watches the headers added through its wrapper
 * still sees every one of them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityHeaderBytesTests.TestApplication.class,
		properties = { "hardening.web.cors.mappings[0].paths=/**",
				"hardening.web.cors.mappings[0].allowed-origins=http://localhost:3000",
				"hardening.web.cors.mappings[0].allow-credentials=true", "hardening.rate-limit.policies[0].name=per-ip",
				"hardening.rate-limit.policies[0].paths=/**", "hardening.rate-limit.policies[0].key=ip",
				"hardening.rate-limit.policies[0].limits[0].capacity=1000000",
				"hardening.rate-limit.policies[0].limits[0].period=1h", "hardening.web.access-log.enabled=true",
				"hardening.request-id.trust-incoming=true" })
class SecurityHeaderBytesTests {

	private static final List<String> API_PROFILE = List.of("X-Content-Type-Options: nosniff",
			"Cross-Origin-Opener-Policy: same-origin", "X-Permitted-Cross-Domain-Policies: none",
			"Referrer-Policy: no-referrer", "Cross-Origin-Resource-Policy: same-origin", "X-Frame-Options: DENY",
			"Content-Security-Policy: default-src 'none'; frame-ancestors 'none'");

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
		Inspector.types.clear();
		Watching.seen.clear();
	}

	@Test
	void theHeadersGoToTomcatAsBytesAndOnTheWireAsTheProfileHasThem() {
		String response = this.http.raw("GET /json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
			.getBytes(StandardCharsets.ISO_8859_1));

		List<String> lines = response.lines().takeWhile((line) -> !line.isEmpty()).toList();
		assertThat(lines).contains(API_PROFILE.toArray(String[]::new));
		assertThat(lines).filteredOn((line) -> line.startsWith("Permissions-Policy: accelerometer=()")).hasSize(1);
		for (String header : API_PROFILE) {
			String name = header.substring(0, header.indexOf(':'));
			assertThat(Inspector.types).as(name).containsEntry(name, MessageBytes.T_BYTES);
		}
		// what the application set itself stays text, as Tomcat keeps it
		assertThat(Inspector.types).containsEntry("X-Own", MessageBytes.T_STR);
	}

	@Test
	void theFixedHeadersOfCorsAndRateLimitingGoAsBytesThroughHardeningsOwnWrappers() {
		String response = this.http.raw(("GET /json HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\n"
				+ "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

		List<String> lines = response.lines().takeWhile((line) -> !line.isEmpty()).toList();
		assertThat(lines).contains("Vary: Origin", "Vary: Access-Control-Request-Method",
				"Vary: Access-Control-Request-Headers", "Access-Control-Allow-Credentials: true",
				"RateLimit-Policy: \"per-ip\";q=1000000;w=3600", "Access-Control-Allow-Origin: http://localhost:3000");
		// the CORS filter and the limiter sit inside the security headers', the Cache-Control
		// filter's and the request limits' wrappers, which let these headers pass
		for (String name : List.of("Vary", "Access-Control-Allow-Credentials", "RateLimit-Policy")) {
			assertThat(Inspector.types).as(name).containsEntry(name, MessageBytes.T_BYTES);
		}
	}

	@Test
	void theHeadersMadePerResponseGoAsBytesWhenPrintableAsciiAndStayBytesAfterTheAccessLogLooks() {
		String response = this.http.raw(("GET /json HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\n"
				+ "X-Request-ID: abc-123\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

		List<String> lines = response.lines().takeWhile((line) -> !line.isEmpty()).toList();
		assertThat(lines).contains("X-Request-ID: abc-123", "Access-Control-Allow-Origin: http://localhost:3000",
				"Access-Control-Expose-Headers: X-Request-ID, RateLimit, RateLimit-Policy, Retry-After, ETag, Link, "
						+ "Location, X-Total-Count");
		assertThat(lines).filteredOn((line) -> line.matches("RateLimit: \"per-ip\";r=\\d+;t=\\d+")).hasSize(1);
		assertThat(lines).filteredOn((line) -> line.matches("ETag: W/\"[A-Za-z0-9_-]+\"")).hasSize(1);
		// the access log asks whether a rate limit applied after the chain, without making text of it
		for (String name : List.of("X-Request-ID", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
				"RateLimit", "ETag")) {
			assertThat(Inspector.types).as(name).containsEntry(name, MessageBytes.T_BYTES);
		}
		assertThat(this.http.raw(("GET /json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1))).doesNotContain("abc-123");
	}

	@Test
	void aFilterOutsideHardeningsThatWatchesAddedHeadersSeesThemAll() {
		String response = this.http.raw(
				"GET /json HTTP/1.1\r\nHost: localhost\r\nX-Watch: on\r\nX-Request-ID: watched-1\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.ISO_8859_1));

		assertThat(response).contains(API_PROFILE.toArray(String[]::new));
		assertThat(Watching.seen).contains(API_PROFILE.toArray(String[]::new));
		// it saw them because they went through it, as text: none was added beneath it as bytes
		for (String header : API_PROFILE) {
			String name = header.substring(0, header.indexOf(':'));
			assertThat(Inspector.types).as(name).containsEntry(name, MessageBytes.T_STR);
		}
		// and the headers made per response, set or added
		assertThat(Watching.seen).contains("set X-Request-ID: watched-1")
			.anyMatch((header) -> header.startsWith("RateLimit: \"per-ip\";r="))
			.anyMatch((header) -> header.startsWith("set ETag: W/\""));
		for (String name : List.of("X-Request-ID", "RateLimit", "ETag")) {
			assertThat(Inspector.types).as(name).containsEntry(name, MessageBytes.T_STR);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		FilterRegistrationBean<Inspector> inspector() {
			FilterRegistrationBean<Inspector> registration = new FilterRegistrationBean<>(new Inspector());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

		@Bean
		FilterRegistrationBean<Watching> watching() {
			FilterRegistrationBean<Watching> registration = new FilterRegistrationBean<>(new Watching());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
			return registration;
		}

	}

	/** Notes, when the chain is done, how Tomcat holds each header: as text or as bytes. */
	static class Inspector extends OncePerRequestFilter {

		static final Map<String, Integer> types = new ConcurrentHashMap<>();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			chain.doFilter(request, response);
			types.putAll(TomcatHeldHeaders.of(response));
		}

	}

	/** An application's filter outside hardening's whose wrapper records the headers added through it. */
	static class Watching extends OncePerRequestFilter {

		static final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.getHeader("X-Watch") == null) {
				chain.doFilter(request, response);
				return;
			}
			chain.doFilter(request, new HttpServletResponseWrapper(response) {

				@Override
				public void addHeader(String name, String value) {
					seen.add(name + ": " + value);
					super.addHeader(name, value);
				}

				@Override
				public void setHeader(String name, String value) {
					seen.add("set " + name + ": " + value);
					super.setHeader(name, value);
				}

			});
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/json")
		Map<String, String> json(HttpServletResponse response) {
			response.setHeader("X-Own", "mine");
			return Map.of("a", "b");
		}

	}

}
