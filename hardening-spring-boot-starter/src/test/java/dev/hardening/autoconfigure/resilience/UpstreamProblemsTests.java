package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.util.List;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.resilience.ScriptedServer.Answer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * What a client of the application sees when a service it calls fails and nothing handles it.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = UpstreamProblemsTests.TestApplication.class,
		properties = { "hardening.resilience.policies.slow.timeout=200ms",
				"hardening.resilience.policies.slow.max-attempts=1", "hardening.resilience.clients.localhost=slow" })
class UpstreamProblemsTests {

	private static ScriptedServer upstream;

	@LocalServerPort
	private int port;

	@Autowired
	private ResiliencePolicies policies;

	private TestHttp http;

	@BeforeAll
	static void startUpstream() throws Exception {
		upstream = new ScriptedServer();
	}

	@AfterAll
	static void stopUpstream() {
		upstream.close();
	}

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
		upstream.reset();
	}

	@Test
	void anUpstreamThatKeepsFailingIsA502AfterItsRetries() {
		upstream.otherwise(Answer.status(503));

		assertProblem(this.http.get("/quote?host=127.0.0.1"), 502, "UPSTREAM_UNAVAILABLE");
		assertThat(upstream.requests()).isEqualTo(3);
	}

	@Test
	void aFailedCallIsOneLineWithHostPolicyAndStatusAndNoStackTrace(CapturedOutput output) {
		upstream.otherwise(Answer.status(503));

		assertProblem(this.http.get("/quote?host=127.0.0.1"), 502, "UPSTREAM_UNAVAILABLE");

		List<String> lines = output.getOut().lines().filter((line) -> line.contains("/quote") || line.contains("Outbound")).toList();
		// as resilience.md quotes them
		assertThat(lines).filteredOn((line) -> line.contains("Outbound")).singleElement(as(STRING))
			.contains(" WARN ")
			.endsWith(" : Outbound GET 127.0.0.1 under policy 'default' failed: 503");
		assertThat(lines).filteredOn((line) -> line.contains("Answered")).singleElement(as(STRING))
			.contains(" WARN ")
			.endsWith(" : Answered GET /quote with 502 UPSTREAM_UNAVAILABLE (ServiceUnavailable)");
		assertThat(output.getOut()).doesNotContain("\tat org.springframework.web.client");
	}

	@Test
	void anUpstreamThatDoesNotAnswerInTimeIsA504() {
		upstream.otherwise(Answer.never());

		assertProblem(this.http.get("/quote?host=localhost"), 504, "UPSTREAM_TIMEOUT");
		assertThat(upstream.requests()).isEqualTo(1);
	}

	@Test
	void aConnectTimeoutIsAnUnreachableUpstreamA502NotA504() {
		assertProblem(this.http.get("/connect-timeout?client=jdk"), 502, "UPSTREAM_UNAVAILABLE");
		assertProblem(this.http.get("/connect-timeout?client=url-connection"), 502, "UPSTREAM_UNAVAILABLE");
		// a read timeout is still a 504
		assertProblem(this.http.get("/connect-timeout?client=read"), 504, "UPSTREAM_TIMEOUT");
	}

	@Test
	void anOpenBreakerIsA503WithRetryAfterAndCallsNothing() {
		CircuitBreaker breaker = this.policies.forHost("127.0.0.1").circuitBreaker().orElseThrow();
		breaker.transitionToOpenState();
		try {
			HttpResponse<String> response = this.http.get("/quote?host=127.0.0.1");

			assertThat(assertProblem(response, 503, "CIRCUIT_OPEN").path("policy").asString()).isEqualTo("default");
			assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
			assertThat(upstream.requests()).isZero();
		}
		finally {
			breaker.transitionToClosedState();
		}
	}

	@Test
	void anUnexpectedUpstream404IsTheApplicationsOwn500() {
		upstream.otherwise(Answer.status(404));

		assertProblem(this.http.get("/quote?host=127.0.0.1"), 500, "INTERNAL_ERROR");
		assertThat(upstream.requests()).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(QuoteController.class)
	static class TestApplication {

		@Bean
		ResiliencePolicyCustomizer noWaiting() {
			return (name, builder) -> builder.sleeper((duration) -> {
			});
		}

	}

	@RestController
	static class QuoteController {

		private final RestClient client;

		QuoteController(RestClient.Builder builder) {
			this.client = builder.build();
		}

		/** What Spring's clients throw when no connection could be made in time. */
		@GetMapping("/connect-timeout")
		String connectTimeout(String client) {
			IOException cause = switch (client) {
				case "jdk" -> new HttpConnectTimeoutException("HTTP connect timed out");
				case "url-connection" -> new SocketTimeoutException("Connect timed out");
				default -> new SocketTimeoutException("Read timed out");
			};
			throw new ResourceAccessException("I/O error on GET request", cause);
		}

		@GetMapping("/quote")
		String quote(String host) {
			return this.client.get().uri(upstream.url(host, "/quote")).retrieve().body(String.class);
		}

	}

}
