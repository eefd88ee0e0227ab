package dev.hardening.autoconfigure.web;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.RootLogEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-72: asynchronous requests that outlive {@code spring.mvc.async.request-timeout} (300 ms
 * here), and streams that fail before their first byte. docs/errors.md: an async request that
 * timed out is {@code 503 SERVICE_UNAVAILABLE}; async timeouts are logged "at WARN in one line";
 * a failure before anything was committed is a clean problem, whatever the client's
 * {@code Accept} (an {@code EventSource} sends {@code text/event-stream}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = StreamAttackApplication.class,
		properties = { "spring.mvc.async.request-timeout=300ms", "hardening.web.access-log.slow-threshold=1h" })
class AsyncTimeoutProblemTests {

	@RegisterExtension
	final RootLogEvents log = new RootLogEvents();

	@RegisterExtension
	final AccessLogEvents access = new AccessLogEvents();

	@LocalServerPort
	private int port;

	/**
	 * A {@code DeferredResult} never completed, and an {@code SseEmitter} that never sends,
	 * asked for as JSON and as an event stream: a {@code 503} problem with the stable code, the
	 * request ID in header and body, one WARN line without stack trace, and one access line.
	 */
	@ParameterizedTest
	@CsvSource({ "/s/deferred-never, application/json", "/s/deferred-never, text/event-stream",
			"/s/sse-silent, text/event-stream", "/s/sse-silent, '*/*'" })
	void anUncommittedTimeoutIsA503ProblemLoggedOnce(String path, String accept) {
		String id = "a72-timeout" + path.replace('/', '-') + "-" + accept.replaceAll("[^a-z]", "");
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", path, "Accept", accept, "X-Request-ID", id);
		List<ILoggingEvent> lines = this.access.awaitOf(id);

		assertThat(answer.status()).as(answer.describe()).isEqualTo(503);
		assertThat(answer.statusLines()).isEqualTo(1);
		assertThat(answer.headers("Content-Type")).containsExactly("application/problem+json");
		assertThat(answer.headers("X-Request-ID")).containsExactly(id);
		JsonNode problem = json(dechunk(answer));
		assertThat(problem.path("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(problem.path("status").asInt()).isEqualTo(503);
		assertThat(problem.path("requestId").asString()).isEqualTo(id);
		assertThat(lines).hasSize(1);
		assertThat(AccessLogEvents.fields(lines.get(0))).containsEntry("http.response.status_code", 503);
		List<ILoggingEvent> warnings = loud();
		assertThat(warnings).hasSize(1);
		assertThat(warnings.get(0).getLoggerName()).isEqualTo("dev.hardening.errors");
		assertThat(warnings.get(0).getLevel()).isEqualTo(Level.WARN);
		assertThat(warnings.get(0).getThrowableProxy()).isNull();
		assertThat(warnings.get(0).getMDCPropertyMap()).containsEntry("requestId", id);
	}

	/**
	 * Found by an attack (helper-72), fixed. {@code GET /s/sse-then-silent} ({@code Accept: text/event-stream}): an {@code SseEmitter}
	 * that sent one event and then nothing, so the configured timeout ends it, committed. The stream
	 * ends without a problem in it (right), but two WARN lines are logged for the one timeout: the
	 * starter's "Async request GET /s/sse-then-silent timed out", and Spring's "Response already
	 * committed. Ignoring: AsyncRequestTimeoutException" under the starter's
	 * {@code dev.hardening.autoconfigure.error.ProblemExceptionHandler} logger, which the starter's
	 * override of {@code handleExceptionInternal} hands the committed response to. docs/errors.md:
	 * "async timeouts at WARN in one line"; SSE streams ended by their timeout are routine, so every
	 * recycled stream doubles the noise.
	 */
	@Test
	void aCommittedTimeoutEndsTheStreamAndIsLoggedInOneLine() {
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", "/s/sse-then-silent", "Accept",
				"text/event-stream", "X-Request-ID", "a72-timeout-committed");
		this.access.awaitOf("a72-timeout-committed");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("data:one").doesNotContain("SERVICE_UNAVAILABLE", "\"code\"");
		List<ILoggingEvent> warnings = loud();
		assertThat(warnings).as("%s", warnings.stream().map((e) -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList())
			.hasSize(1);
		assertThat(warnings.get(0).getFormattedMessage()).isEqualTo("Async request GET /s/sse-then-silent timed out");
	}

	/**
	 * An {@code SseEmitter} and a {@code StreamingResponseBody} that fail before their first
	 * byte, asked for by an {@code EventSource} ({@code Accept: text/event-stream}): a {@code 500}
	 * {@code INTERNAL_ERROR} problem with the request ID, one ERROR line with the request ID.
	 */
	@ParameterizedTest
	@CsvSource({ "/s/sse-first?kind=ise, /s/sse-first", "/s/stream-first?kind=ise, /s/stream-first" })
	void aStreamFailingBeforeItsFirstByteIsA500Problem(String target, String path) {
		String id = "a72-first" + path.replace('/', '-');
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", target, "Accept", "text/event-stream",
				"X-Request-ID", id);
		this.access.awaitOf(id);

		assertThat(answer.status()).as(answer.describe()).isEqualTo(500);
		assertThat(answer.headers("Content-Type")).containsExactly("application/problem+json");
		JsonNode problem = json(dechunk(answer));
		assertThat(problem.path("code").asString()).isEqualTo("INTERNAL_ERROR");
		assertThat(problem.path("requestId").asString()).isEqualTo(id);
		assertThat(answer.body()).doesNotContain("stream secret", "IllegalStateException");
		List<ILoggingEvent> errors = loud();
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).getLevel()).isEqualTo(Level.ERROR);
		assertThat(errors.get(0).getFormattedMessage()).isEqualTo("Unexpected error on GET " + path);
		assertThat(errors.get(0).getMDCPropertyMap()).containsEntry("requestId", id);
	}

	private List<ILoggingEvent> loud() {
		return this.log.events().stream().filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN)).toList();
	}

	private static String dechunk(StreamWire.Answer answer) {
		String body = answer.body();
		if (!answer.chunked()) {
			return body;
		}
		StringBuilder out = new StringBuilder();
		int at = 0;
		while (true) {
			int end = body.indexOf("\r\n", at);
			int size = Integer.parseInt(body.substring(at, end).trim(), 16);
			if (size == 0) {
				return new String(out.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
						java.nio.charset.StandardCharsets.UTF_8);
			}
			out.append(body, end + 2, end + 2 + size);
			at = end + 2 + size + 2;
		}
	}

}
