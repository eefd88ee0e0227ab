package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.buf.MessageBytes;
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
 * Over HTTP/2 (h2c, the upgraded first request and one sent on the connection after it), the
 * security headers reach the client as the profile has them, and Tomcat holds them as text: its
 * HPACK encoder reads every field with {@code toString()}, free for text and a new decoding of
 * the bytes for a field held as bytes (the name twice, for its two passes), so bytes would cost
 * HTTP/2 more than they save HTTP/1.1. The same holds for the headers made per response (request
 * ID, ETag, RateLimit, Access-Control-Allow-Origin and -Expose-Headers), which arrive once each with
 * their values: the bytes are for HTTP/1.1 only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityHeadersHttp2Tests.TestApplication.class,
		properties = { "server.http2.enabled=true", "hardening.web.cors.mappings[0].paths=/**",
				"hardening.web.cors.mappings[0].allowed-origin-patterns=https://*.example.com",
				"hardening.rate-limit.policies[0].name=per-ip", "hardening.rate-limit.policies[0].paths=/**",
				"hardening.rate-limit.policies[0].key=ip", "hardening.rate-limit.policies[0].limits[0].capacity=1000000",
				"hardening.rate-limit.policies[0].limits[0].period=1h", "hardening.request-id.trust-incoming=true" })
class SecurityHeadersHttp2Tests {

	private static final Map<String, String> API_PROFILE = Map.of("x-content-type-options", "nosniff",
			"cross-origin-opener-policy", "same-origin", "x-permitted-cross-domain-policies", "none",
			"referrer-policy", "no-referrer", "cross-origin-resource-policy", "same-origin", "x-frame-options", "DENY",
			"content-security-policy", "default-src 'none'; frame-ancestors 'none'");

	private static final List<String> PER_RESPONSE = List.of("x-request-id", "etag", "ratelimit",
			"access-control-allow-origin", "access-control-expose-headers");

	@LocalServerPort
	private int port;

	@Test
	void overHttp2TheHeadersArriveAsTheProfileHasThemAndTomcatHoldsThemAsText() throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		for (String path : new String[] { "/json?upgraded", "/json?onTheConnection" }) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
						.timeout(Duration.ofSeconds(30))
						.build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(response.version()).as(path).isEqualTo(HttpClient.Version.HTTP_2);
			API_PROFILE.forEach((name, value) -> assertThat(response.headers().allValues(name)).as(path + " " + name)
				.containsExactly(value));
			// the client may have the whole response before the inspector has run: it waits for it
			Map<String, Integer> types = Inspector.types.poll(30, TimeUnit.SECONDS);
			assertThat(types).as(path).isNotNull();
			for (String name : API_PROFILE.keySet()) {
				assertThat(types).as(path + " " + name).containsEntry(name, MessageBytes.T_STR);
			}
		}
	}

	@Test
	void overHttp2TheHeadersMadePerResponseArriveOnceAndTomcatHoldsThemAsText() throws Exception {
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		String[] ids = { "upgraded-" + "x".repeat(40), "second-1", "third-" + "y".repeat(20) };
		String[] origins = { "https://" + "a".repeat(30) + ".example.com", "https://b.example.com",
				"https://" + "c".repeat(12) + ".example.com" };
		for (int i = 0; i < ids.length; i++) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/json"))
						.header("X-Request-ID", ids[i])
						.header("Origin", origins[i])
						.timeout(Duration.ofSeconds(30))
						.build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(response.version()).as(ids[i]).isEqualTo(HttpClient.Version.HTTP_2);
			assertThat(response.headers().allValues("x-request-id")).as(ids[i]).containsExactly(ids[i]);
			assertThat(response.headers().allValues("access-control-allow-origin")).as(ids[i])
				.containsExactly(origins[i]);
			assertThat(response.headers().allValues("access-control-expose-headers")).as(ids[i]).hasSize(1);
			assertThat(response.headers().allValues("ratelimit")).as(ids[i])
				.singleElement()
				.matches((value) -> value.matches("\"per-ip\";r=\\d+;t=\\d+"));
			assertThat(response.headers().allValues("etag")).as(ids[i])
				.singleElement()
				.matches((value) -> value.matches("W/\"[A-Za-z0-9_-]+\""));
			// the client may have the whole response before the inspector has run: it waits for it
			Map<String, Integer> types = Inspector.types.poll(30, TimeUnit.SECONDS);
			assertThat(types).as(ids[i]).isNotNull();
			for (String name : PER_RESPONSE) {
				assertThat(types).as(ids[i] + " " + name).containsEntry(name, MessageBytes.T_STR);
			}
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

	}

	/** Notes, when the chain is done, how Tomcat holds each header (names in lower case). */
	static class Inspector extends OncePerRequestFilter {

		/** For each request, in order, the header names and how Tomcat held them. */
		static final BlockingQueue<Map<String, Integer>> types = new LinkedBlockingQueue<>();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			chain.doFilter(request, response);
			Map<String, Integer> held = new HashMap<>();
			TomcatHeldHeaders.of(response).forEach((name, type) -> held.put(name.toLowerCase(Locale.ROOT), type));
			types.add(held);
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
