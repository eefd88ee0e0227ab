package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-58's attack on the asynchronous-completion fixes, on a real Tomcat over HTTP/1.1
 * keep-alive: every way Spring MVC and the Servlet API end an asynchronous request gives exactly
 * one access-log line, carrying that request's ID and no other, and each security header once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AsyncAnswersTests.TestApplication.class,
		properties = { "hardening.web.access-log.slow-threshold=1h", "spring.mvc.async.request-timeout=30s" })
class AsyncAnswersTests {

	private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(4);

	/** Holds the callable of a timed-out WebAsyncTask until the tests end. */
	private static final CountDownLatch RELEASED = new CountDownLatch(1);

	private static final List<String> SECURITY_HEADERS = List.of("X-Content-Type-Options", "X-Frame-Options",
			"Content-Security-Policy");

	private final AccessLogEvents log = new AccessLogEvents();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

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
		RELEASED.countDown();
		EXECUTOR.shutdown();
	}

	@Test
	void deferredResultSetOnAnotherThread() {
		HttpResponse<String> response = get("/deferred", "a58-deferred");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"d\":\"r\"}");
		assertOneLine("a58-deferred", 200);
		assertHeadersOnce(response);
	}

	@Test
	void deferredResultTimingOut() {
		assertErrorAnsweredOnce("/deferred-timeout", 503);
	}

	@Test
	void deferredResultErroring() {
		assertErrorAnsweredOnce("/deferred-error", 500);
	}

	@Test
	void callableThrowing() {
		assertErrorAnsweredOnce("/callable-throws", 500);
	}

	@Test
	void webAsyncTaskTimingOut() {
		HttpResponse<String> response = get("/task-timeout", "a58-task-timeout");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("timed out");
		assertOneLine("a58-task-timeout", 200);
		assertHeadersOnce(response);
	}

	@Test
	void sseEmitterCompleting() {
		HttpResponse<String> response = get("/sse", "a58-sse");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("data:one").contains("data:two");
		assertOneLine("a58-sse", 200);
		assertHeadersOnce(response);
	}

	@Test
	void sseEmitterCompletingWithError() {
		// the answer is committed when the error comes: the connection is cut, so read it raw
		RawExchange.Response response = RawExchange.send(this.port, "GET", "/sse-error", null, new byte[0], false);
		assertThat(response.status()).as(response.head()).isEqualTo(200);
		assertRawHeadersOnce(response);
		assertThat(linesOf("GET /sse-error ")).hasSize(1);
	}

	@Test
	void responseBodyEmitterCompleting() {
		HttpResponse<String> response = get("/emitter", "a58-emitter");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("onetwo");
		assertOneLine("a58-emitter", 200);
		assertHeadersOnce(response);
	}

	@Test
	void responseBodyEmitterCompletingWithErrorBeforeWriting() {
		assertErrorAnsweredOnce("/emitter-error", 500);
	}

	@Test
	void streamingResponseBody() {
		HttpResponse<String> response = get("/streaming", "a58-streaming");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("streamed");
		assertOneLine("a58-streaming", 200);
		assertHeadersOnce(response);
	}

	@Test
	void rawStartAsyncDispatchedToAnotherPath() {
		HttpResponse<String> response = get("/raw-dispatch", "a58-raw-dispatch");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("dispatched");
		assertOneLine("a58-raw-dispatch", 200);
		assertHeadersOnce(response);
	}

	@Test
	void completeAfterALargeFlushedBody() {
		HttpResponse<String> response = get("/flush-complete", "a58-flush-complete");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).hasSize(64 * 1024);
		Map<String, Object> fields = assertOneLine("a58-flush-complete", 200);
		assertThat(fields).containsEntry("http.response.body.bytes", 64L * 1024);
		assertHeadersOnce(response);
	}

	@Test
	void startAsyncAgainInTheAsyncDispatch() {
		HttpResponse<String> response = get("/restart", "a58-restart");
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).isEqualTo("second");
		Map<String, Object> fields = assertOneLine("a58-restart", 202);
		assertThat(fields).containsEntry("http.response.body.bytes", 6L);
		assertHeadersOnce(response);
	}

	@Test
	void completeOnTheRequestThread() {
		HttpResponse<String> response = get("/complete-now", "a58-complete-now");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("now");
		assertOneLine("a58-complete-now", 200);
		assertHeadersOnce(response);
	}

	@Test
	void sendErrorOnTheAsyncThreadThenComplete() {
		assertErrorAnsweredOnce("/send-error", 503);
	}

	@Test
	void timingOutIntoAnErrorPage() {
		assertErrorAnsweredOnce("/never", 500);
	}

	@Test
	void manyAsyncRequestsBackToBackOnOneConnectionKeepTheirOwnIds() {
		String[] paths = { "/raw-complete", "/deferred", "/sse", "/callable", "/emitter", "/complete-now",
				"/streaming", "/restart", "/raw-dispatch" };
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 45; i++) {
			String id = "a58-ka-" + i;
			ids.add(id);
			HttpResponse<String> response = get(paths[i % paths.length], id);
			assertThat(response.headers().firstValue("X-Request-ID")).as(paths[i % paths.length]).contains(id);
			assertHeadersOnce(response);
		}
		for (int i = 0; i < ids.size(); i++) {
			assertThat(this.log.awaitOf(ids.get(i))).as("%s %s in %s", paths[i % paths.length], ids.get(i),
					this.log.all().stream().map(ILoggingEvent::getFormattedMessage).toList())
				.hasSize(1);
		}
		for (ILoggingEvent event : this.log.all()) {
			String id = event.getMDCPropertyMap().get("requestId");
			assertThat(event.getFormattedMessage()).as("MDC %s", id).contains(" id=" + id + " ");
		}
		assertThat(this.log.all()).hasSize(45);
	}

	private HttpResponse<String> get(String path, String requestId) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("X-Request-ID", requestId)
			.timeout(Duration.ofSeconds(30))
			.build();
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An error answer may reach the client before its line is written (the error page is sent
	 * before the request's listeners hear it completed), and Tomcat closes the connection after
	 * a 500 or a 503 once the request is done: so read it raw, until the connection closes.
	 */
	private void assertErrorAnsweredOnce(String path, int status) {
		RawExchange.Response response = RawExchange.send(this.port, "GET", path, null, new byte[0], false);
		assertThat(response.status()).as(response.head()).isEqualTo(status);
		assertRawHeadersOnce(response);
		assertThat(headerLines(response, "Cache-Control")).as(response.head())
			.containsExactly("Cache-Control: no-store");
		assertThat(linesOf("GET " + path + " ")).as(path)
			.singleElement()
			.satisfies((line) -> assertThat(AccessLogEvents.fields(line)).containsEntry("http.response.status_code",
					status));
	}

	private List<ILoggingEvent> linesOf(String messagePrefix) {
		return this.log.all().stream().filter((line) -> line.getFormattedMessage().startsWith(messagePrefix)).toList();
	}

	private static List<String> headerLines(RawExchange.Response response, String name) {
		return Arrays.stream(response.head().split("\r\n"))
			.filter((line) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
			.toList();
	}

	private static void assertRawHeadersOnce(RawExchange.Response response) {
		for (String name : SECURITY_HEADERS) {
			assertThat(headerLines(response, name)).as(response.head()).hasSize(1);
		}
		assertThat(headerLines(response, "Cache-Control")).as(response.head()).hasSizeLessThanOrEqualTo(1);
	}

	private ILoggingEvent oneLine(String requestId) {
		List<ILoggingEvent> lines = this.log.awaitOf(requestId);
		assertThat(lines).as("lines of %s, all: %s", requestId, this.log.all()).hasSize(1);
		assertThat(lines.get(0).getFormattedMessage()).contains(" id=" + requestId + " ");
		return lines.get(0);
	}

	private Map<String, Object> assertOneLine(String requestId, int status) {
		ILoggingEvent line = oneLine(requestId);
		Map<String, Object> fields = AccessLogEvents.fields(line);
		assertThat(fields).as(line.getFormattedMessage()).containsEntry("http.response.status_code", status);
		return fields;
	}

	private static void assertHeadersOnce(HttpResponse<String> response) {
		for (String name : SECURITY_HEADERS) {
			assertThat(response.headers().allValues(name)).as("%s in %s", name, response.headers().map())
				.hasSize(1);
		}
		assertThat(response.headers().allValues("Cache-Control")).as(response.headers().map().toString())
			.hasSizeLessThanOrEqualTo(1);
		assertThat(response.headers().allValues("X-Request-ID")).hasSizeLessThanOrEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping("/deferred")
		DeferredResult<Map<String, String>> deferred() {
			DeferredResult<Map<String, String>> result = new DeferredResult<>();
			EXECUTOR.execute(() -> result.setResult(Map.of("d", "r")));
			return result;
		}

		@GetMapping("/deferred-timeout")
		DeferredResult<String> deferredTimeout() {
			return new DeferredResult<>(50L);
		}

		@GetMapping("/deferred-error")
		DeferredResult<String> deferredError() {
			DeferredResult<String> result = new DeferredResult<>();
			EXECUTOR.execute(() -> result.setErrorResult(new IllegalStateException("boom")));
			return result;
		}

		@GetMapping("/callable")
		Callable<Map<String, String>> callable() {
			return () -> Map.of("c", "d");
		}

		@GetMapping("/callable-throws")
		Callable<String> callableThrows() {
			return () -> {
				throw new IllegalStateException("boom");
			};
		}

		@GetMapping("/task-timeout")
		WebAsyncTask<String> taskTimeout() {
			WebAsyncTask<String> task = new WebAsyncTask<>(50L, () -> {
				// held past the timeout, interrupted or not (Spring cancels it on the timeout, and
				// a result it then returned could beat the timeout's)
				boolean interrupted = false;
				while (true) {
					try {
						RELEASED.await();
						break;
					}
					catch (InterruptedException ex) {
						interrupted = true;
					}
				}
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
				return "late";
			});
			task.onTimeout(() -> "timed out");
			return task;
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

		@GetMapping("/sse-error")
		SseEmitter sseError() {
			SseEmitter emitter = new SseEmitter(30_000L);
			EXECUTOR.execute(() -> {
				try {
					emitter.send("one");
				}
				catch (IOException ex) {
					// completed with an error below all the same
				}
				emitter.completeWithError(new IllegalStateException("boom"));
			});
			return emitter;
		}

		@GetMapping("/emitter")
		ResponseBodyEmitter emitter() {
			ResponseBodyEmitter emitter = new ResponseBodyEmitter(30_000L);
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

		@GetMapping("/emitter-error")
		ResponseBodyEmitter emitterError() {
			ResponseBodyEmitter emitter = new ResponseBodyEmitter(30_000L);
			EXECUTOR.execute(() -> emitter.completeWithError(new IllegalStateException("boom")));
			return emitter;
		}

		@GetMapping("/streaming")
		StreamingResponseBody streaming() {
			return (out) -> out.write("streamed".getBytes(StandardCharsets.UTF_8));
		}

		@GetMapping("/raw-complete")
		void rawComplete(HttpServletRequest request, HttpServletResponse response) {
			AsyncContext async = request.startAsync(request, response);
			EXECUTOR.execute(() -> {
				try {
					response.setContentType("text/plain");
					response.getOutputStream().write("raw".getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				finally {
					async.complete();
				}
			});
		}

		@GetMapping("/raw-dispatch")
		void rawDispatch(HttpServletRequest request) {
			AsyncContext async = request.startAsync();
			EXECUTOR.execute(() -> async.dispatch("/dispatched"));
		}

		@GetMapping("/dispatched")
		String dispatched() {
			return "dispatched";
		}

		@GetMapping("/flush-complete")
		void flushComplete(HttpServletRequest request, HttpServletResponse response) {
			AsyncContext async = request.startAsync(request, response);
			EXECUTOR.execute(() -> {
				try {
					response.setContentType("text/plain");
					byte[] chunk = new byte[16 * 1024];
					java.util.Arrays.fill(chunk, (byte) 'x');
					for (int i = 0; i < 4; i++) {
						response.getOutputStream().write(chunk);
						response.getOutputStream().flush();
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				finally {
					async.complete();
				}
			});
		}

		@GetMapping("/restart")
		void restart(HttpServletRequest request, HttpServletResponse response) {
			if (request.getDispatcherType() != DispatcherType.ASYNC) {
				AsyncContext async = request.startAsync();
				EXECUTOR.execute(async::dispatch);
				return;
			}
			AsyncContext async = request.startAsync(request, response);
			EXECUTOR.execute(() -> {
				try {
					response.setStatus(202);
					response.setContentType("text/plain");
					response.getOutputStream().write("second".getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				finally {
					async.complete();
				}
			});
		}

		@GetMapping("/complete-now")
		void completeNow(HttpServletRequest request, HttpServletResponse response) throws IOException {
			AsyncContext async = request.startAsync(request, response);
			response.setContentType("text/plain");
			response.getOutputStream().write("now".getBytes(StandardCharsets.UTF_8));
			async.complete();
		}

		@GetMapping("/send-error")
		void sendError(HttpServletRequest request, HttpServletResponse response) {
			AsyncContext async = request.startAsync(request, response);
			EXECUTOR.execute(() -> {
				try {
					response.sendError(503);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				finally {
					async.complete();
				}
			});
		}

		@GetMapping("/never")
		void never(HttpServletRequest request) {
			request.startAsync().setTimeout(50);
		}

	}

}
