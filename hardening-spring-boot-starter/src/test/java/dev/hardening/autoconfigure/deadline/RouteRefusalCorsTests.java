package dev.hardening.autoconfigure.deadline;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same INVALID_REQUEST_TIMEOUT refusal, for the same allowed origin, must be as readable by
 * the page whichever way the request has its budget: refused by {@code DeadlineInterceptor} for an
 * {@code @Deadline} handler it carries Access-Control-Allow-Origin
 * ({@code AnnotatedDeadlineRefusalCorsTests}); refused by {@code DeadlineFilter} for a route's budget it
 * must too, as the other problems of an allowed origin's requests do (request limits, rate
 * limiting, the handler's own), which web-security.md's exposed headers are there to make readable.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AnnotatedDeadlineAttackApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1/32",
				"hardening.deadline.routes[0].paths=/attacker/routed/**", "hardening.deadline.routes[0].timeout=30s",
				"hardening.web.cors.mappings[0].paths=/**",
				"hardening.web.cors.mappings[0].allowed-origins=https://app.example",
				"hardening.web.cors.mappings[0].allowed-methods=GET",
				"hardening.web.cors.mappings[0].allowed-headers=Request-Timeout" })
class RouteRefusalCorsTests {

	@LocalServerPort
	private int port;

	@Test
	void anAllowedOriginCanReadARefusalOnABudgetedRoute() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> ok = http.get("/attacker/routed/left", "Origin", "https://app.example",
				"Request-Timeout", "500");
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");

		HttpResponse<String> refused = http.get("/attacker/routed/left", "Origin", "https://app.example",
				"Request-Timeout", "soon");

		assertProblem(refused, 400, "INVALID_REQUEST_TIMEOUT");
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
	}

}
