package dev.hardening.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log's events, as the logging system receives them: one per request, its fields,
 * nothing secret, nothing that can break a line; and its line, with the request ID and the client
 * in the message, whatever the pattern.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AccessLogTests.TestApplication.class,
		properties = { "hardening.web.access-log.slow-threshold=1h",
				"hardening.web.access-log.exclude-paths=/items/quiet" })
class AccessLogTests {

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@Test
	void writesOneEventPerRequestWithItsFieldsAndNoSecret() {
		String response = new TestHttp(this.port).raw(("GET /items/42?access_token=s3cr3t&page=2 HTTP/1.1\r\n"
				+ "Host: localhost\r\nX-Request-ID: log-test-1\r\nUser-Agent: agent\t\u0085forged line\u00e9\r\n"
				+ "Authorization: Bearer topsecret\r\nCookie: session=abc\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));

		List<ILoggingEvent> events = events("log-test-1");
		assertThat(response).startsWith("HTTP/1.1 200");
		assertThat(events).hasSize(1);
		ILoggingEvent event = events.get(0);
		Map<String, Object> fields = fields(event);
		assertThat(event.getLevel().toString()).isEqualTo("INFO");
		assertThat(event.getFormattedMessage())
			.isEqualTo("GET /items/42 200 " + fields.get("event.duration_ms") + " ms id=log-test-1 client=127.0.0.1");
		assertThat(fields).containsEntry("http.request.method", "GET")
			.containsEntry("url.path", "/items/42")
			.containsEntry("http.route", "/items/{id}")
			.containsEntry("url.query", "access_token=[redacted]&page=2")
			.containsEntry("http.response.status_code", 200)
			.containsEntry("http.response.body.bytes", 11L)
			.containsEntry("client.address", "127.0.0.1")
			.containsEntry("http.request.header.user-agent", "agent\\t\\u0085forged lineé")
			.doesNotContainKey("http.request.header.authorization")
			.doesNotContainKey("http.request.header.cookie");
		assertThat(fields.toString()).doesNotContain("s3cr3t", "topsecret", "session=abc");
	}

	@Test
	void logsAProblemsCodeAndSkipsExcludedPaths() {
		// finished(): the server closes the connection only once the access log is written
		TestHttp http = new TestHttp(this.port);
		http.finished("GET", "/nowhere", "text/plain", "", "X-Request-ID", "log-test-2");
		http.finished("GET", "/items/quiet", "text/plain", "", "X-Request-ID", "log-test-3");

		assertThat(events("log-test-2")).singleElement()
			.satisfies((event) -> assertThat(fields(event)).containsEntry("error.code", "NOT_FOUND")
				.containsEntry("http.response.status_code", 404));
		assertThat(events("log-test-3")).isEmpty();
	}

	@Test
	void logsNoBodyAndWrapsNoStreamUnlessBodiesAreSwitchedOn() {
		String response = new TestHttp(this.port).finished("POST", "/items", "application/json",
				"{\"name\":\"pen\",\"password\":\"hunter2\"}", "X-Request-ID", "log-test-4");

		assertThat(response).contains("hunter2");
		assertThat(events("log-test-4")).singleElement()
			.satisfies((event) -> assertThat(fields(event)).containsEntry("http.response.status_code", 200)
				.doesNotContainKey("http.request.body.content")
				.doesNotContainKey("http.response.body.content"));
		assertThat(TestController.wrappers).isNotEmpty().doesNotContain(AccessLogBodiesTests.CAPTURING_REQUEST);
	}

	@Test
	void theLineCarriesTheRequestIdAndTheClientWhateverThePatternAndTheFieldsStayFields() throws Exception {
		new TestHttp(this.port).finished("GET", "/items/7", "text/plain", "", "X-Request-ID", "log-test-5");
		ILoggingEvent event = events("log-test-5").get(0);

		// an application's own logback.xml, with no %X{requestId} in its pattern, and the bare message
		assertThat(render(event, "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n"))
			.endsWith(" - GET /items/7 200 " + fields(event).get("event.duration_ms")
					+ " ms id=log-test-5 client=127.0.0.1" + System.lineSeparator());
		assertThat(render(event, "%m")).contains("id=log-test-5", "client=127.0.0.1");
		// Boot's structured logging: still the fields, with the ID from the MDC
		JsonNode ecs = TestHttp.json(new String(ecs(event), StandardCharsets.UTF_8));
		assertThat(ecs.path("requestId").asString()).isEqualTo("log-test-5");
		assertThat(ecs.path("client").path("address").asString()).isEqualTo("127.0.0.1");
		assertThat(ecs.path("url").path("path").asString()).isEqualTo("/items/7");
		assertThat(ecs.path("http").path("response").path("status_code").asInt()).isEqualTo(200);
		assertThat(ecs.path("message").asString()).contains("id=log-test-5 client=127.0.0.1");
	}

	/** The event as a pattern layout writes it, with the logging system's own context. */
	private static String render(ILoggingEvent event, String pattern) {
		PatternLayout layout = new PatternLayout();
		layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		layout.setPattern(pattern);
		layout.start();
		return layout.doLayout(event);
	}

	/** The event as Boot's structured logging writes it in ECS. */
	private static byte[] ecs(ILoggingEvent event) {
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		encoder.setFormat("ecs");
		encoder.start();
		return encoder.encode(event);
	}

	private List<ILoggingEvent> events(String requestId) {
		return this.log.of(requestId);
	}

	private static Map<String, Object> fields(ILoggingEvent event) {
		return AccessLogEvents.fields(event);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		static volatile List<String> wrappers = List.of();

		@GetMapping("/items/{id}")
		Map<String, String> item(@PathVariable String id) {
			return Map.of("id", id);
		}

		@PostMapping("/items")
		Map<String, Object> create(@RequestBody Map<String, Object> item, HttpServletRequest request) {
			wrappers = AccessLogBodiesTests.wrappers(request);
			return item;
		}

	}

}
