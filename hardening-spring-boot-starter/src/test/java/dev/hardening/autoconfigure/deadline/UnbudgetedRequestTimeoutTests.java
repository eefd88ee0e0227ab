package dev.hardening.autoconfigure.deadline;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deadlines.md, "Where the budget comes from": no @Deadline, no matching route and no
 * timeout: "the request has no deadline (Deadline.current() is null) and nothing changes". Here
 * only /reports/** and one @Deadline handler have a budget, 127.0.0.1 is a trusted proxy: /attacker/left has no
 * deadline whatever its Request-Timeout, so its Request-Timeout changes nothing, malformed or not,
 * as it changes nothing in an application with no deadline configured at all.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = DeadlineAttackApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1/32", "hardening.deadline.routes[0].paths=/reports/**",
				"hardening.deadline.routes[0].timeout=3s" })
class UnbudgetedRequestTimeoutTests {

	@LocalServerPort
	private int port;

	@Test
	void aRequestWithoutABudgetIsAnsweredTheSameWhateverItsRequestTimeout() {
		TestHttp http = new TestHttp(this.port);
		assertThat(http.get("/attacker/left").body()).isEqualTo("none");
		// a well-formed value does not give it a deadline
		assertThat(http.get("/attacker/left", "Request-Timeout", "500").body()).isEqualTo("none");

		HttpResponse<String> malformed = http.get("/attacker/left", "Request-Timeout", "soon");

		assertThat(malformed.statusCode()).as("a request without a budget, malformed Request-Timeout: %s",
				malformed.body()).isEqualTo(200);
		assertThat(malformed.body()).isEqualTo("none");
	}

}
