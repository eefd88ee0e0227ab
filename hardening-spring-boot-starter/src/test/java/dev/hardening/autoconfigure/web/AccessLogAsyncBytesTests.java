package dev.hardening.autoconfigure.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes an asynchronous answer sent, in its access-log line. A {@code StreamingResponseBody}
 * or an {@code SseEmitter} writes its body on another thread through the response of the
 * request's first dispatch; the line is written by the async dispatch that ends the request, and
 * counts what both dispatches' wrappers saw (found by helper-58: the line said
 * {@code http.response.body.bytes=0}, the async dispatch counting only what it wrote itself).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AsyncApplication.class,
		properties = { AsyncApplication.PROPERTY_SLOW, AsyncApplication.PROPERTY_TIMEOUT })
class AccessLogAsyncBytesTests {

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@Test
	void aStreamingResponseBodyIsCountedInItsLine() {
		HttpResponse<String> response = new TestHttp(this.port).get("/streaming", "X-Request-ID", "a58-bytes-streaming");

		assertThat(response.body()).isEqualTo("streamed");
		List<ILoggingEvent> lines = this.log.awaitOf("a58-bytes-streaming");
		assertThat(lines).hasSize(1);
		assertThat(AccessLogEvents.fields(lines.get(0))).containsEntry("http.response.body.bytes", 8L);
	}

	@Test
	void serverSentEventsAreCountedInTheirLine() {
		HttpResponse<String> response = new TestHttp(this.port).get("/sse", "X-Request-ID", "a58-bytes-sse");

		long sent = response.body().getBytes(StandardCharsets.UTF_8).length;
		assertThat(sent).isPositive();
		List<ILoggingEvent> lines = this.log.awaitOf("a58-bytes-sse");
		assertThat(lines).hasSize(1);
		assertThat(AccessLogEvents.fields(lines.get(0))).containsEntry("http.response.body.bytes", sent);
	}

}
