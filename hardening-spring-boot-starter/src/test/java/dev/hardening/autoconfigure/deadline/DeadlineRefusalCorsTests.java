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
 * Request deadlines and CORS: a preflight carrying a well-formed Request-Timeout on a budgeted
 * route is answered at once; an allowed origin's request refused INVALID_REQUEST_TIMEOUT carries
 * CORS's Access-Control-Allow-Origin, so the page can read it, whichever way the request has its
 * budget: by its route ({@code DeadlineRefusalFilter}, after CORS) or by an {@code @Deadline}
 * handler ({@code DeadlineInterceptor}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AnnotatedDeadlineAttackApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1/32",
				"hardening.deadline.routes[0].paths=/attacker/routed/**", "hardening.deadline.routes[0].timeout=30s",
				"hardening.web.cors.mappings[0].paths=/**",
				"hardening.web.cors.mappings[0].allowed-origins=https://app.example",
				"hardening.web.cors.mappings[0].allowed-methods=GET",
				"hardening.web.cors.mappings[0].allowed-headers=Request-Timeout" })
class DeadlineRefusalCorsTests {

	static final String ORIGIN = "https://app.example";

	@LocalServerPort
	private int port;

	@Test
	void aPreflightWithAWellFormedRequestTimeoutIsAnsweredOnABudgetedRoute() {
		HttpResponse<String> preflight = new TestHttp(this.port).send("OPTIONS", "/attacker/routed/left", null,
				"Origin", ORIGIN, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers",
				"request-timeout", "Request-Timeout", "500");

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
	}

	@Test
	void anAllowedOriginCanReadARefusalByAnAnnotatedHandler() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> ok = http.get("/attacker/annotated", "Origin", ORIGIN, "Request-Timeout", "500");
		assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);

		HttpResponse<String> refused = http.get("/attacker/annotated", "Origin", ORIGIN, "Request-Timeout", "soon");

		assertProblem(refused, 400, "INVALID_REQUEST_TIMEOUT");
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
	}

	@Test
	void anAllowedOriginCanReadARefusalOnABudgetedRoute() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> ok = http.get("/attacker/routed/left", "Origin", ORIGIN, "Request-Timeout", "500");
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);

		HttpResponse<String> refused = http.get("/attacker/routed/left", "Origin", ORIGIN, "Request-Timeout", "soon");

		assertProblem(refused, 400, "INVALID_REQUEST_TIMEOUT");
		assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
	}

}
