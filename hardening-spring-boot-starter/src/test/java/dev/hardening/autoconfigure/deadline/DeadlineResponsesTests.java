package dev.hardening.autoconfigure.deadline;

import java.net.http.HttpResponse;
import java.util.concurrent.Callable;

import dev.hardening.autoconfigure.TestHttp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines on a real Tomcat: where the budget comes from, what a caller's header may do to it,
 * and the answer once it is spent. Handlers report the time they have left, in milliseconds.
 */
class DeadlineResponsesTests {

	private static ConfigurableApplicationContext trusting;

	private static ConfigurableApplicationContext guarded;

	private static TestHttp fromProxy;

	private static TestHttp fromClient;

	@BeforeAll
	static void start() {
		// 127.0.0.1 is the trusted proxy of the first application, and an ordinary client of the second
		trusting = launch("hardening.web.trusted-proxies=127.0.0.1/32");
		guarded = launch();
		fromProxy = new TestHttp(port(trusting));
		fromClient = new TestHttp(port(guarded));
	}

	@AfterAll
	static void stop() {
		trusting.close();
		guarded.close();
	}

	private static ConfigurableApplicationContext launch(String... extra) {
		String[] properties = new String[extra.length + 5];
		properties[0] = "server.port=0";
		properties[1] = "spring.main.banner-mode=off";
		properties[2] = "hardening.deadline.timeout=10s";
		properties[3] = "hardening.deadline.routes[0].paths=/reports/**";
		properties[4] = "hardening.deadline.routes[0].timeout=3s";
		System.arraycopy(extra, 0, properties, 5, extra.length);
		return new SpringApplicationBuilder(TestApplication.class).properties(properties).run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private static long leftMillis(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Long.parseLong(response.body());
	}

	@Test
	void everyRequestGetsTheDefaultBudgetAndARouteItsOwn() {
		assertThat(leftMillis(fromClient.get("/left"))).isBetween(1L, 10_000L).isGreaterThan(3_000L);
		assertThat(leftMillis(fromClient.get("/reports/left"))).isBetween(1L, 3_000L);
	}

	@Test
	void anAnnotatedHandlerHasItsOwnBudget() {
		assertThat(leftMillis(fromClient.get("/annotated"))).isBetween(1L, 300L);
	}

	@Test
	void aTrustedCallerShortensTheBudgetAndCannotLengthenIt() {
		assertThat(leftMillis(fromProxy.get("/left", "Request-Timeout", "500"))).isBetween(1L, 500L);
		assertThat(leftMillis(fromProxy.get("/left", "Request-Timeout", "60000"))).isBetween(3_001L, 10_000L);
		assertThat(leftMillis(fromProxy.get("/annotated", "Request-Timeout", "100"))).isBetween(1L, 100L);
	}

	@Test
	void aClientThatIsNoTrustedProxyCannotTouchTheBudget() {
		assertThat(leftMillis(fromClient.get("/left", "Request-Timeout", "500"))).isGreaterThan(3_000L);
		// not even to have a malformed value refused: the header is not read at all
		assertThat(fromClient.get("/left", "Request-Timeout", "soon").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "soon", "-5", "1.5", "5s", "1000000000000", "1 000" })
	void aMalformedTimeoutFromATrustedCallerIsA400(String value) {
		HttpResponse<String> response = fromProxy.get("/left", "Request-Timeout", value);

		assertProblem(response, 400, "INVALID_REQUEST_TIMEOUT");
		assertThat(response.body()).doesNotContain("soon", "1.5\"");
	}

	@Test
	void aRequestOutOfTimeBeforeItsHandlerStartsIsA504() {
		assertProblem(fromProxy.get("/left", "Request-Timeout", "0"), 504, "DEADLINE_EXCEEDED");
	}

	@Test
	void aHandlerThatChecksAfterItsBudgetIsSpentIsA504() {
		assertProblem(fromProxy.get("/spend", "Request-Timeout", "50"), 504, "DEADLINE_EXCEEDED");
	}

	@Test
	void aRequestEndedAfterItsDeadlineIsCountedOnceByRouteAndProblem() {
		double before = exceeded("/spend", "DEADLINE_EXCEEDED");
		double lateBefore = exceeded("/late/{id}", "none");

		assertProblem(fromProxy.get("/spend", "Request-Timeout", "50"), 504, "DEADLINE_EXCEEDED");
		// a handler that never checks is answered however late, and counted without a problem
		assertThat(fromProxy.get("/late/7", "Request-Timeout", "50").statusCode()).isEqualTo(200);
		assertThat(fromProxy.get("/left", "Request-Timeout", "5000").statusCode()).isEqualTo(200);

		assertThat(exceeded("/spend", "DEADLINE_EXCEEDED")).isEqualTo(before + 1);
		assertThat(exceeded("/late/{id}", "none")).isEqualTo(lateBefore + 1);
		assertThat(exceeded("/left", "none")).isZero();
	}

	@Test
	void workHandedToSpringsTaskExecutorCarriesTheRequestsDeadline() {
		// Spring MVC runs a Callable on Boot's applicationTaskExecutor, which the deadline's TaskDecorator decorates
		assertThat(leftMillis(fromClient.get("/reports/async"))).isBetween(1L, 3_000L);
		assertThat(leftMillis(fromProxy.get("/async", "Request-Timeout", "500"))).isBetween(1L, 500L);
	}

	private static double exceeded(String uri, String code) {
		Counter counter = trusting.getBean(MeterRegistry.class)
			.find("hardening.deadline.exceeded")
			.tags("uri", uri, "code", code)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void withoutABudgetThereIsNoDeadline() {
		try (ConfigurableApplicationContext plain = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.run()) {
			TestHttp http = new TestHttp(port(plain));
			assertThat(http.get("/left").body()).isEqualTo("none");
			// an annotated handler has its own all the same
			assertThat(leftMillis(http.get("/annotated"))).isBetween(1L, 300L);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(BudgetController.class)
	static class TestApplication {

	}

	@RestController
	static class BudgetController {

		@GetMapping({ "/left", "/reports/left" })
		String left() {
			dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.current();
			return (deadline != null) ? Long.toString(deadline.remaining().toMillis()) : "none";
		}

		@GetMapping("/annotated")
		@Deadline("300ms")
		String annotated() {
			return left();
		}

		@GetMapping({ "/async", "/reports/async" })
		Callable<String> async() {
			return this::left;
		}

		@GetMapping("/late/{id}")
		String late() {
			dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.current();
			while (!deadline.isExpired()) {
				Thread.onSpinWait();
			}
			return "late";
		}

		@GetMapping("/spend")
		String spend() {
			dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.current();
			// work until the budget is gone, then check as a long loop would
			while (!deadline.isExpired()) {
				Thread.onSpinWait();
			}
			dev.hardening.deadline.Deadline.checkCurrent();
			return "never";
		}

	}

}
