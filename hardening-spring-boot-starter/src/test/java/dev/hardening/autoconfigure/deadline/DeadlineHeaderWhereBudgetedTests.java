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
 * A malformed {@code Request-Timeout} from a caller it is read from is refused where the request
 * has a budget, whichever way it has one: by its path (refused by the filter, before a handler is
 * looked for) or by its handler's {@code @Deadline} (refused before the handler runs), both with
 * the security headers. Where it has none it changes nothing
 * ({@code UnbudgetedRequestTimeoutTests}, the same application and properties).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = DeadlineAttackApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1/32", "hardening.deadline.routes[0].paths=/reports/**",
				"hardening.deadline.routes[0].timeout=3s" })
class DeadlineHeaderWhereBudgetedTests {

	@LocalServerPort
	private int port;

	@Test
	void aMalformedValueIsRefusedOnAnAnnotatedHandler() {
		TestHttp http = new TestHttp(this.port);
		assertThat(http.get("/attacker/annotated", "Request-Timeout", "500").statusCode()).isEqualTo(200);

		HttpResponse<String> malformed = http.get("/attacker/annotated", "Request-Timeout", "soon");

		assertProblem(malformed, 400, "INVALID_REQUEST_TIMEOUT");
		assertThat(malformed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(malformed.body()).doesNotContain("soon");
	}

	@Test
	void aMalformedValueIsRefusedOnARouteWithABudget() {
		HttpResponse<String> malformed = new TestHttp(this.port).get("/reports/x", "Request-Timeout", "soon");

		assertProblem(malformed, 400, "INVALID_REQUEST_TIMEOUT");
		assertThat(malformed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

}
