package dev.hardening.autoconfigure.tracing;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.DataRedisAutoConfigurations;
import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/tracing.md: "the trace ID is kept whether or not its span is sampled", and the
 * {@code traceresponse} flags are {@code 00} when it is not. {@code TraceIdFilter} kept the trace
 * ID only when {@code !span.isNoop()}, which Micrometer's OpenTelemetry bridge answers for every
 * unsampled span: an unsampled request had no {@code traceId} in its problem, no
 * {@code traceresponse} and no trace ID in its audit event (with Boot's default sampling, nine
 * requests in ten), and any client could choose that for its own request with a
 * {@code traceparent} ending in {@code -00} or B3 headers without {@code X-B3-Sampled}. The trace ID
 * of such a span (valid, merely not recorded) is now kept, and {@code traceresponse} ends in
 * {@code -00}.
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
class UnsampledTraceIdTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	private int port;

	@Test
	void anUnsampledTraceparentKeepsItsTraceId() {
		HttpResponse<String> response = new TestHttp(this.port).get("/nowhere", "traceparent",
				"00-" + TRACE_ID + "-00f067aa0ba902b7-00");
		assertThat(traceId(response)).isEqualTo(TRACE_ID);
		assertThat(response.headers().firstValue("traceresponse"))
			.hasValueSatisfying((value) -> assertThat(value).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-00"));
	}

	@Test
	void aB3ParentWithoutASampledFlagKeepsItsTraceId() {
		HttpResponse<String> response = new TestHttp(this.port).get("/nowhere", "X-B3-TraceId", "4bf92f3577b34da6",
				"X-B3-SpanId", "00f067aa0ba902b7");
		assertThat(traceId(response)).matches("[0-9a-f]{16}4bf92f3577b34da6");
	}

	private static String traceId(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode problem = TestHttp.json(response.body());
		return problem.path("traceId").asString();
	}

	@Nested
	@TestPropertySource(properties = "management.tracing.sampling.probability=0.0")
	class WhenNoTraceIsSampled {

		@LocalServerPort
		private int port;

		@Test
		void aRequestStillHasItsTraceIdInItsProblem() {
			HttpResponse<String> response = new TestHttp(this.port).get("/nowhere");
			assertThat(traceId(response)).matches("[0-9a-f]{32}");
			assertThat(response.headers().firstValue("traceresponse"))
				.hasValueSatisfying((value) -> assertThat(value).endsWith("-00"));
		}

	}

}
