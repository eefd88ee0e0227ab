package dev.hardening.autoconfigure.deadline;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller's Request-Timeout on handlers whose only budget is {@code @Deadline} (on the method or
 * its class, synchronous or asynchronous): malformed or on two lines it is refused before the
 * handler, with a problem's headers; well-formed it shortens; on a handler without a budget it
 * changes nothing, two lines included. An asynchronous {@code @Deadline} handler past its deadline
 * is counted once in {@code hardening.deadline.exceeded}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AnnotatedDeadlineAttackApplication.class,
		properties = "hardening.web.trusted-proxies=127.0.0.1/32")
class AnnotatedDeadlineRequestTimeoutTests {

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry registry;

	@Test
	void anAsyncAnnotatedHandlerPastItsDeadlineIsCountedOnce() {
		Counter counter = this.registry.counter("hardening.deadline.exceeded", "uri", "/attacker/spend-async", "code",
				"DEADLINE_EXCEEDED");
		double before = counter.count();

		// HTTP/1.0, read to the close: the filters' work, counting included, is done
		assertThat(new TestHttp(this.port).finished("GET", "/attacker/spend-async", "text/plain", ""))
			.contains("DEADLINE_EXCEEDED");

		assertThat(counter.count()).isEqualTo(before + 1);
	}

	@Test
	void aMalformedValueIsRefusedOnAnAsyncAnnotatedHandler() {
		TestHttp http = new TestHttp(this.port);
		assertThat(Long.parseLong(http.get("/attacker/annotated-async", "Request-Timeout", "500").body()))
			.isBetween(1L, 500L);

		HttpResponse<String> malformed = http.get("/attacker/annotated-async", "Request-Timeout", "-1");

		assertProblem(malformed, 400, "INVALID_REQUEST_TIMEOUT");
		assertThat(malformed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(malformed.headers().allValues("Cache-Control")).containsExactly("no-store");
	}

	@Test
	void twoLinesAreRefusedOnAnnotatedHandlersOnMethodOrClass() {
		TestHttp http = new TestHttp(this.port);
		for (String path : new String[] { "/attacker/annotated", "/attacker/annotated-async",
				"/attacker/class-level" }) {
			HttpResponse<String> twice = http.get(path, "Request-Timeout", "500", "Request-Timeout", "400");
			assertProblem(twice, 400, "INVALID_REQUEST_TIMEOUT");
			assertThat(twice.headers().firstValue("X-Request-ID")).as(path).isPresent();
		}
	}

	@Test
	void aMalformedValueIsRefusedOnAClassLevelDeadline() {
		assertProblem(new TestHttp(this.port).get("/attacker/class-level", "Request-Timeout", "1e3"), 400,
				"INVALID_REQUEST_TIMEOUT");
	}

	@Test
	void headOnAnAnnotatedHandlerIsRefusedToo() {
		HttpResponse<String> head = new TestHttp(this.port).send("HEAD", "/attacker/annotated", null,
				"Request-Timeout", "soon");

		assertThat(head.statusCode()).isEqualTo(400);
		assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void withoutABudgetAMalformedOrRepeatedValueChangesNothing() {
		TestHttp http = new TestHttp(this.port);
		HttpResponse<String> malformed = http.get("/attacker/plain", "Request-Timeout", "soon");
		HttpResponse<String> twice = http.get("/attacker/plain", "Request-Timeout", "5", "Request-Timeout", "x");

		assertThat(malformed.statusCode()).isEqualTo(200);
		assertThat(malformed.body()).isEqualTo("none");
		assertThat(twice.statusCode()).isEqualTo(200);
		assertThat(twice.body()).isEqualTo("none");
	}

}
