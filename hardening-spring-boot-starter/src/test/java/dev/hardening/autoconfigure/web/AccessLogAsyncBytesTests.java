package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-58: the bytes an asynchronous answer sent, in its access-log line. A
 * {@code StreamingResponseBody} or an {@code SseEmitter} writes its body on another thread
 * through the response of the request's first dispatch; the line is written by the async
 * dispatch that ends the request. Red: {@code http.response.body.bytes} is {@code 0} there, the
 * async dispatch counting only what it wrote itself (a {@code DeferredResult}, whose body the
 * async dispatch writes, and {@code AsyncContext.complete()} are counted right).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AccessLogAsyncBytesTests.TestApplication.class,
		properties = "hardening.web.access-log.slow-threshold=1h")
class AccessLogAsyncBytesTests {

	private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor();

	private final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@BeforeEach
	void listen() {
		this.log.listen();
	}

	@AfterEach
	void stopListening() {
		this.log.stop();
	}

	@AfterAll
	static void stop() {
		EXECUTOR.shutdown();
	}

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

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping("/streaming")
		StreamingResponseBody streaming() {
			return (out) -> out.write("streamed".getBytes(StandardCharsets.UTF_8));
		}

		@GetMapping("/sse")
		SseEmitter sse() {
			SseEmitter emitter = new SseEmitter(30_000L);
			EXECUTOR.execute(() -> {
				try {
					emitter.send("one");
					emitter.send("two");
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			});
			return emitter;
		}

	}

}
