package dev.hardening.autoconfigure.deadline;

import dev.hardening.autoconfigure.TestHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deadlines.md, Metrics: {@code hardening.deadline.exceeded} counts each request that ended
 * after its deadline, once. A budget from {@code @Deadline} is the request's deadline ("@Deadline
 * on the handler method or its class, else the first route"), so a synchronous {@code @Deadline}
 * handler that ends after it must be counted, as an asynchronous one is
 * ({@code AnnotatedDeadlineRequestTimeoutTests}) and as a route's is. The handlers spend their budget by
 * spinning on the deadline itself (no sleep); each request is read to the server's close (HTTP/1.0),
 * so the filters' work, the counting, is done before the count is read.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AnnotatedDeadlineAttackApplication.class,
		properties = { "hardening.deadline.routes[0].paths=/attacker/routed/**",
				"hardening.deadline.routes[0].timeout=30s" })
class AnnotatedDeadlineMetricsTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Test
	void aSynchronousAnnotatedHandlerPastItsDeadlineIsCountedOnce() {
		TestHttp http = new TestHttp(this.port);
		double spent = exceeded("/attacker/spend", "DEADLINE_EXCEEDED");
		double late = exceeded("/attacker/late", "none");

		assertThat(http.finished("GET", "/attacker/spend", "text/plain", "")).contains("DEADLINE_EXCEEDED");
		assertThat(http.finished("GET", "/attacker/late", "text/plain", "")).isEqualTo("late");

		assertThat(exceeded("/attacker/spend", "DEADLINE_EXCEEDED")).as("504 from an @Deadline handler")
			.isEqualTo(spent + 1);
		assertThat(exceeded("/attacker/late", "none")).as("late 200 from an @Deadline handler").isEqualTo(late + 1);
	}

	@Test
	void anAnnotatedHandlerPastItsOwnDeadlineOnARouteWithALongerOneIsCounted() {
		double before = exceeded("/attacker/routed/spend", "DEADLINE_EXCEEDED");

		assertThat(new TestHttp(this.port).finished("GET", "/attacker/routed/spend", "text/plain", ""))
			.contains("DEADLINE_EXCEEDED");

		assertThat(exceeded("/attacker/routed/spend", "DEADLINE_EXCEEDED")).as("504 from @Deadline(20ms) on a 30s route")
			.isEqualTo(before + 1);
	}

	private double exceeded(String uri, String code) {
		Counter counter = this.registry.find("hardening.deadline.exceeded").tags("uri", uri, "code", code).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
