package dev.hardening.autoconfigure.tracing;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.DataRedisAutoConfigurations;
import dev.hardening.autoconfigure.RootLogEvents;
import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile trace headers through a real server with Boot's OpenTelemetry tracing and
 * {@code hardening.request-id.echo=both}: malformed, huge, repeated, folded and case-varied
 * {@code traceparent}, hostile {@code tracestate}, {@code baggage} and B3 headers, on GET, HEAD
 * and OPTIONS. Each is answered as without it (never a 5xx); the trace ID in the problem body, in
 * the {@code traceresponse} header and in every log event's MDC is 32 lower-case hex digits that
 * the client did not choose unless it sent a valid {@code traceparent} (docs/tracing.md: "It is 32
 * hex digits (nothing else is accepted), so it cannot break a log line"); the request ID is never
 * taken from a trace header; and no log line carries a control character or the hostile marker.
 * (A valid but unsampled parent, such as a 64-bit B3 trace ID without {@code X-B3-Sampled}, is
 * the defect of {@link UnsampledTraceIdTests}.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HostileTraceHeaderTests.App.class,
		properties = {
				"spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
						+ DataRedisAutoConfigurations.NAMES,
				"management.tracing.sampling.probability=1.0", "hardening.request-id.echo=both" })
class HostileTraceHeaderTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN = "00f067aa0ba902b7";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + SPAN + "-01";

	private static final String MARKER = "Hst1le";

	@LocalServerPort
	private int port;

	@RegisterExtension
	final RootLogEvents logs = new RootLogEvents();


	@ParameterizedTest
	@ValueSource(strings = { "00-" + TRACE_ID + "-" + SPAN + "-01-" + MARKER, "00-" + TRACE_ID + "-" + SPAN + "-0g",
			"00-" + TRACE_ID + "-0000000000000000-01", "00 -" + TRACE_ID + "-" + SPAN + "-01", "0-" + TRACE_ID + "-" + SPAN + "-01",
			"00_" + TRACE_ID + "_" + SPAN + "_01", "00-" + TRACE_ID + "0-" + SPAN + "-01",
			"00-" + TRACE_ID + "-" + SPAN + "-01," + TRACEPARENT, MARKER, "00-%34bf92f3577b34da6a3ce929d0e0e4736-" + SPAN + "-01",
			"00-\u00e44bf92f3577b34da6a3ce929d0e0e473-" + SPAN + "-01" })
	void aMalformedTraceparentStartsANewTrace(String traceparent) {
		HttpResponse<String> response = http().get("/nowhere", "traceparent", traceparent);
		JsonNode problem = assertAnsweredAsUsual(response, 404);
		assertThat(problem.path("traceId").asString()).isNotEqualTo(TRACE_ID);
	}

	@Test
	void aHugeTraceparentIsNoError() {
		assertAnsweredAsUsual(http().get("/nowhere", "traceparent", TRACEPARENT + "-" + "a".repeat(6000)), 404);
		assertAnsweredAsUsual(http().get("/nowhere", "traceparent", "0".repeat(7000)), 404);
	}

	@Test
	void aVersionOfTheFutureWithMoreFieldsIsReadAsTheSpecificationAsks() {
		// W3C: a higher version is parsed as version 00, fields after the flags ignored
		JsonNode problem = assertAnsweredAsUsual(
				http().get("/nowhere", "traceparent", "01-" + TRACE_ID + "-" + SPAN + "-01-" + MARKER), 404);
		assertThat(problem.path("traceId").asString()).isEqualTo(TRACE_ID);
	}

	@ParameterizedTest
	@ValueSource(strings = { "TRACEPARENT", "Traceparent", "TraceParent" })
	void theHeaderNameIsCaseInsensitive(String name) {
		JsonNode problem = assertAnsweredAsUsual(http().get("/nowhere", name, TRACEPARENT), 404);
		assertThat(problem.path("traceId").asString()).isEqualTo(TRACE_ID);
	}

	@ParameterizedTest
	@ValueSource(strings = { "HEAD", "OPTIONS", "GET" })
	void headAndOptionsCarryTheTraceToo(String method) {
		HttpResponse<String> response = http().send(method, "/hello", null, "traceparent", TRACEPARENT);
		assertThat(response.statusCode()).isLessThan(500);
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValueSatisfying((value) -> assertThat(value).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01"));
		assertCleanLogs();
	}

	@Test
	void hostileTracestateBaggageAndB3AreNoErrorAndReachNoLogLine() {
		String huge = ("k" + MARKER + "=v,").repeat(600);
		for (String[] headers : new String[][] { { "tracestate", huge }, { "tracestate", "=,=,,," + MARKER },
				{ "baggage", huge }, { "baggage", MARKER + "=%0D%0Aforged" }, { "b3", MARKER },
				{ "b3", "4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-1" }, { "X-B3-TraceId", MARKER + "0000000000" },
				{ "X-B3-TraceId", "4BF92F3577B34DA6A3CE929D0E0E4736", "X-B3-SpanId", "00F067AA0BA902B7" } }) {
			String[] all = new String[headers.length + 2];
			System.arraycopy(headers, 0, all, 0, headers.length);
			all[headers.length] = "traceparent";
			all[headers.length + 1] = "00-" + MARKER;
			HttpResponse<String> response = http().get("/nowhere", all);
			assertAnsweredAsUsual(response, 404);
			HttpResponse<String> withoutTraceparent = http().get("/nowhere", headers);
			assertAnsweredAsUsual(withoutTraceparent, 404);
		}
	}

	@Test
	void twoTraceparentHeadersAreNoError() {
		String other = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
		String response = raw("GET /nowhere HTTP/1.0", "traceparent: " + TRACEPARENT, "traceparent: " + other);
		assertThat(status(response)).isEqualTo(404);
		assertThat(traceIdOf(response)).matches("[0-9a-f]{32}");
		assertCleanLogs();
	}

	@Test
	void aFoldedOrControlCharacterTraceparentIsNoError() {
		for (String[] lines : new String[][] { { "traceparent: 00-" + TRACE_ID, " -" + SPAN + "-01" },
				{ "traceparent: 00-" + TRACE_ID + "-" + SPAN + "-01\u001b[31m" + MARKER },
				{ "traceparent: 00-" + TRACE_ID + "-" + SPAN + "-01\u0085" + MARKER },
				{ "traceparent: \u0000" + TRACEPARENT }, { "X-Request-ID: " + TRACE_ID + "\u001b[2J" + MARKER } }) {
			String[] all = new String[lines.length + 1];
			all[0] = "GET /nowhere HTTP/1.0";
			System.arraycopy(lines, 0, all, 1, lines.length);
			String response = raw(all);
			assertThat(status(response)).as(String.join("|", lines)).isIn(400, 404);
			if (status(response) == 404) {
				assertThat(traceIdOf(response)).matches("[0-9a-f]{32}");
			}
			assertThat(response).doesNotContain(MARKER, "\tat ");
		}
		assertCleanLogs();
	}

	@Test
	void theRequestIdIsNeverTakenFromATraceHeader() {
		HttpResponse<String> response = http().get("/nowhere", "traceparent", TRACEPARENT, "tracestate", "rid=" + MARKER);
		JsonNode problem = assertAnsweredAsUsual(response, 404);
		assertThat(problem.path("traceId").asString()).isEqualTo(TRACE_ID);
		assertThat(problem.path("requestId").asString()).isNotEqualTo(TRACE_ID).doesNotContain(TRACE_ID, MARKER);
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue(problem.path("requestId").asString());
	}

	private JsonNode assertAnsweredAsUsual(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode problem = TestHttp.json(response.body());
		assertThat(problem.path("traceId").asString()).as("%s %s", response.request().headers().map(), response.body())
			.matches("[0-9a-f]{32}");
		assertThat(response.body()).doesNotContain(MARKER, "\tat ", "Exception");
		assertThat(response.headers().firstValue("traceresponse")).hasValueSatisfying((value) -> assertThat(value)
			.matches("00-" + problem.path("traceId").asString() + "-[0-9a-f]{16}-0[01]"));
		assertCleanLogs();
		return problem;
	}

	private void assertCleanLogs() {
		{
			for (ILoggingEvent event : this.logs.events()) {
				assertThat(event.getFormattedMessage()).doesNotContain(MARKER, "\r", "\n", "\u001b", "\u0085");
				Map<String, String> mdc = event.getMDCPropertyMap();
				if (mdc.containsKey("traceId")) {
					assertThat(mdc.get("traceId")).matches("[0-9a-f]{32}");
				}
				mdc.values().forEach((value) -> assertThat(value).doesNotContain(MARKER, "\r", "\n", "\u001b"));
			}
		}
	}

	private TestHttp http() {
		return new TestHttp(this.port);
	}

	private String raw(String... lines) {
		StringBuilder request = new StringBuilder();
		request.append(lines[0]).append("\r\nHost: localhost\r\n");
		for (int i = 1; i < lines.length; i++) {
			request.append(lines[i]).append("\r\n");
		}
		return http().raw(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
	}

	private static int status(String response) {
		return Integer.parseInt(response.substring(9, 12));
	}

	private static String traceIdOf(String response) {
		return TestHttp.json(response.substring(response.indexOf("\r\n\r\n") + 4)).path("traceId").asString();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Hello.class)
	static class App {

	}

	@RestController
	static class Hello {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
