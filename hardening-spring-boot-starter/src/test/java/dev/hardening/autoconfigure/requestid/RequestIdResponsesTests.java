package dev.hardening.autoconfigure.requestid;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request IDs through a real server: what a client sends, what it gets back, what the log says.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RequestIdResponsesTests.TestApplication.class,
		properties = "logging.pattern.correlation=[%X{requestId:-}] ")
@ExtendWith(OutputCaptureExtension.class)
class RequestIdResponsesTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void echoesASafeIncomingIdAndLogsWithIt(CapturedOutput output) {
		HttpResponse<String> response = this.http.get("/hello", "X-Request-ID", "abc");

		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("abc");
		assertThat(response.body()).isEqualTo("abc");
		assertThat(output.getOut()).contains("[abc] ").contains("Saying hello");
	}

	@Test
	void generatesATimeOrderedIdWhenNoneIsSent() {
		HttpResponse<String> response = this.http.get("/hello");

		String id = response.headers().firstValue("X-Request-ID").orElseThrow();
		assertThat(UUID.fromString(id).version()).isEqualTo(7);
		assertThat(response.body()).isEqualTo(id);
	}

	@Test
	void replacesAnOverlongId(CapturedOutput output) {
		String huge = "a".repeat(4_000);

		HttpResponse<String> response = this.http.get("/hello", "X-Request-ID", huge);

		assertThat(response.headers().firstValue("X-Request-ID")).isPresent().get().isNotEqualTo(huge);
		assertThat(output.getOut()).doesNotContain(huge);
	}

	@Test
	void replacesNonAsciiAndControlCharactersSentOnTheWire(CapturedOutput output) {
		for (String unsafe : new String[] { "caf\u00e9", "abc def", "abc%0d%0aX-Injected:1", "a\"b<script>" }) {
			String response = this.http.raw(("GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: " + unsafe
					+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));

			assertThat(response).startsWith("HTTP/1.1 200");
			assertThat(response).doesNotContain(unsafe).doesNotContain("X-Injected");
			assertThat(output.getOut()).doesNotContain(unsafe);
		}
	}

	@Test
	void sendsTheRequestIdOnOutboundCallsMadeWithBootsRestClientBuilder() {
		HttpResponse<String> response = this.http.get("/outbound", "X-Request-ID", "outbound-1");

		assertThat(response.body()).isEqualTo("outbound-1");
	}

	@Test
	void leavesAnOutboundRequestIdSetByTheCallerAlone() {
		HttpResponse<String> response = this.http.get("/outbound?own=mine", "X-Request-ID", "outbound-2");

		assertThat(response.body()).isEqualTo("mine");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HelloController.class)
	static class TestApplication {

	}

	@RestController
	static class HelloController {

		private static final Logger logger = LoggerFactory.getLogger(HelloController.class);

		private final RestClient.Builder restClient;

		private final Environment environment;

		HelloController(RestClient.Builder restClient, Environment environment) {
			this.restClient = restClient;
			this.environment = environment;
		}

		@GetMapping("/outbound")
		String outbound(@RequestParam(required = false) String own) {
			String echo = "http://localhost:" + this.environment.getRequiredProperty("local.server.port") + "/echo";
			RestClient.RequestHeadersSpec<?> request = this.restClient.build().get().uri(echo);
			if (own != null) {
				request = request.header("X-Request-ID", own);
			}
			return request.retrieve().body(String.class);
		}

		@GetMapping("/echo")
		String echo(@RequestHeader(name = "X-Request-ID", required = false) String id) {
			return id;
		}

		@GetMapping("/hello")
		String hello() {
			logger.info("Saying hello");
			return MDC.get("requestId");
		}

	}

}
