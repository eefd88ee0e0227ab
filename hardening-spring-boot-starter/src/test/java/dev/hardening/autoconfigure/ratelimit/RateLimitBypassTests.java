package dev.hardening.autoconfigure.ratelimit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.UrlHandlerFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that try to reach a limited handler without being charged: other methods, odd-case
 * methods, encoded, parameterised and dotted paths, and filters of the application that change
 * the method or the path after the rate-limit filter has looked at them (Spring's
 * {@code HiddenHttpMethodFilter} and {@code UrlHandlerFilter}). Whatever a client sends, a handler
 * runs at most the capacity of its policy; the controller counts its runs per client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RateLimitBypassTests.TestApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1", "spring.mvc.hiddenmethod.filter.enabled=true",
				"hardening.rate-limit.policies[0].name=reads",
				"hardening.rate-limit.policies[0].paths=/api/projects,/api/projects/*",
				"hardening.rate-limit.policies[0].methods=GET",
				"hardening.rate-limit.policies[0].limits[0].capacity=2",
				"hardening.rate-limit.policies[0].limits[0].period=1h",
				"hardening.rate-limit.policies[1].name=deletes",
				"hardening.rate-limit.policies[1].paths=/api/projects/*",
				"hardening.rate-limit.policies[1].methods=DELETE",
				"hardening.rate-limit.policies[1].limits[0].capacity=2",
				"hardening.rate-limit.policies[1].limits[0].period=1h",
				"hardening.rate-limit.policies[2].name=searches",
				"hardening.rate-limit.policies[2].methods=GET",
				"hardening.rate-limit.policies[2].limits[0].capacity=2",
				"hardening.rate-limit.policies[2].limits[0].period=1h" })
class RateLimitBypassTests {

	private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

	private static final AtomicInteger CLIENTS = new AtomicInteger();

	@LocalServerPort
	private int port;

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "GET, /api/projects", "HEAD, /api/projects", "get, /api/projects", "Get, /api/projects",
			"OPTIONS, /api/projects", "GET, /api/%70rojects", "GET, /api/projects/", "GET, /api/projects;jsessionid=abc",
			"GET, /api;v=1/projects", "GET, //api/projects", "GET, /api//projects", "GET, /api/./projects",
			"GET, /api/x/../projects", "GET, /api/projects/1/", "HEAD, /api/projects/1/", "GET, /api/projects/%31",
			"GET, /api/%2570rojects", "GET, /api/projects/1;a=b", "GET, /api/projects%2F1", "GET, /API/projects",
			"DELETE, /api/projects/1", "POST, /api/projects/1?_method=DELETE", "POST, /api/projects/1?_method=delete",
			"POST, /api/projects/1/?_method=DELETE", "GET, /search", "HEAD, /search", "GET, /search/",
			"HEAD, /search/", "GET, /%73earch", "GET, /search;x=y", "get, /search" })
	void aHandlerRunsAtMostItsPolicysCapacityWhateverTheRequestLooksLike(String method, String path) {
		String client = "198.51.100." + CLIENTS.incrementAndGet();

		for (int i = 0; i < 4; i++) {
			send(method, path, client);
		}

		assertThat(runs(client)).isLessThanOrEqualTo(2);
	}

	@Test
	void headIsChargedUnderAGetPolicyByPathAndByAnnotation() {
		String client = "198.51.100." + CLIENTS.incrementAndGet();

		assertThat(send("HEAD", "/api/projects", client)).startsWith("HTTP/1.1 200").contains("RateLimit: \"reads\";r=1");
		assertThat(send("GET", "/api/projects", client)).startsWith("HTTP/1.1 200");
		assertThat(send("HEAD", "/api/projects", client)).startsWith("HTTP/1.1 429");
		assertThat(send("HEAD", "/search", client)).startsWith("HTTP/1.1 200").contains("RateLimit: \"searches\";r=1");
		assertThat(send("GET", "/search", client)).startsWith("HTTP/1.1 200");
		assertThat(send("HEAD", "/search", client)).startsWith("HTTP/1.1 429");
	}

	@Test
	void anAnnotatedPolicyKeepsToItsMethods() {
		String client = "198.51.100." + CLIENTS.incrementAndGet();

		for (int i = 0; i < 4; i++) {
			assertThat(send("POST", "/search", client)).startsWith("HTTP/1.1 200").doesNotContain("RateLimit");
		}
		assertThat(send("GET", "/search", client)).startsWith("HTTP/1.1 200").contains("RateLimit: \"searches\";r=1");
	}

	private static int runs(String client) {
		AtomicInteger runs = RUNS.get(client);
		return (runs != null) ? runs.get() : 0;
	}

	/** Sends the request as written, byte for byte: no client library normalises it first. */
	private String send(String method, String path, String client) {
		String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + client
				+ "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
		return new TestHttp(this.port).raw(request.getBytes(StandardCharsets.ISO_8859_1));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		/** Serves /x/ as /x, registered as applications do: after hardening's filters. */
		@Bean
		FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
			return new FilterRegistrationBean<>(UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
		}

	}

	@RestController
	static class TestController {

		@GetMapping({ "/api/projects", "/api/projects/{id}" })
		String read(HttpServletRequest request) {
			return ran(request);
		}

		@DeleteMapping("/api/projects/{id}")
		String delete(HttpServletRequest request) {
			return ran(request);
		}

		@RequestMapping(path = "/search", method = { RequestMethod.GET, RequestMethod.POST })
		@RateLimit("searches")
		String search(HttpServletRequest request) {
			return ran(request);
		}

		private static String ran(HttpServletRequest request) {
			RUNS.computeIfAbsent(request.getHeader("X-Forwarded-For"), (client) -> new AtomicInteger())
				.incrementAndGet();
			return "ok";
		}

	}

}
