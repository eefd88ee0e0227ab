package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-58's attack on the asynchronous-completion fixes, on a real Tomcat over HTTP/1.1
 * keep-alive: every way Spring MVC and the Servlet API end an asynchronous request gives exactly
 * one access-log line, carrying that request's ID and no other, and each security header once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AsyncApplication.class,
		properties = { AsyncApplication.PROPERTY_SLOW, AsyncApplication.PROPERTY_TIMEOUT })
class AsyncAnswersTests {

	private static final List<String> SECURITY_HEADERS = List.of("X-Content-Type-Options", "X-Frame-Options",
			"Content-Security-Policy");

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	@LocalServerPort
	private int port;

	@Test
	void deferredResultSetOnAnotherThread() {
		String answer = RawExchange.getUntilClosed(this.port, "/deferred", "a58-deferred");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(answer).contains("{\"d\":\"r\"}");
		assertOneLine("a58-deferred", 200);
		assertRawHeadersOnce(answer);
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
		String answer = RawExchange.getUntilClosed(this.port, "/task-timeout", "a58-task-timeout");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(answer).contains("timed out");
		assertOneLine("a58-task-timeout", 200);
		assertRawHeadersOnce(answer);
	}

	@Test
	void sseEmitterCompleting() {
		String answer = RawExchange.getUntilClosed(this.port, "/sse", "a58-sse");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(answer).contains("data:one").contains("data:two");
		assertOneLine("a58-sse", 200);
		assertRawHeadersOnce(answer);
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
		String answer = RawExchange.getUntilClosed(this.port, "/emitter", "a58-emitter");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(answer).contains("one").contains("two");
		assertOneLine("a58-emitter", 200);
		assertRawHeadersOnce(answer);
	}

	@Test
	void responseBodyEmitterCompletingWithErrorBeforeWriting() {
		assertErrorAnsweredOnce("/emitter-error", 500);
	}

	@Test
	void streamingResponseBody() {
		String answer = RawExchange.getUntilClosed(this.port, "/streaming", "a58-streaming");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(answer).contains("streamed");
		assertOneLine("a58-streaming", 200);
		assertRawHeadersOnce(answer);
	}

	@Test
	void rawStartAsyncDispatchedToAnotherPath() {
		// the body may reach the client before the dispatch's filters log: read until the
		// connection closes, which Tomcat does once the request is done
		String answer = RawExchange.getUntilClosed(this.port, "/raw-dispatch", "a58-raw-dispatch");
		assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("dispatched");
		assertRawHeadersOnce(answer);
		assertOneLine("a58-raw-dispatch", 200);
	}

	@Test
	void completeAfterALargeFlushedBody() {
		String answer = RawExchange.getUntilClosed(this.port, "/flush-complete", "a58-flush-complete");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		Map<String, Object> fields = assertOneLine("a58-flush-complete", 200);
		assertThat(fields).containsEntry("http.response.body.bytes", 64L * 1024);
		assertRawHeadersOnce(answer);
	}

	@Test
	void startAsyncAgainInTheAsyncDispatch() {
		String answer = RawExchange.getUntilClosed(this.port, "/restart", "a58-restart");
		assertThat(answer).startsWith("HTTP/1.1 202 ");
		assertThat(answer).contains("second");
		Map<String, Object> fields = assertOneLine("a58-restart", 202);
		assertThat(fields).containsEntry("http.response.body.bytes", 6L);
		assertRawHeadersOnce(answer);
	}

	@Test
	void completeOnTheRequestThread() {
		String answer = RawExchange.getUntilClosed(this.port, "/complete-now", "a58-complete-now");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(answer).contains("now");
		assertOneLine("a58-complete-now", 200);
		assertRawHeadersOnce(answer);
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
		// Tomcat reads a kept-alive connection's next request once the one before is done, so
		// each line is written by the time the next answer comes; the last request, 45, is a
		// /raw-complete, whose line is written before its answer is finished
		for (int i = 0; i < 46; i++) {
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
		assertThat(this.log.all()).hasSize(46);
	}

	@Test
	void completeAfterALargeBodyThatFilledTheBuffer() {
		String answer = RawExchange.getUntilClosed(this.port, "/fill-complete", "a58-fill-complete");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		Map<String, Object> fields = assertOneLine("a58-fill-complete", 200);
		assertThat(fields).containsEntry("http.response.body.bytes", 64L * 1024);
		assertRawHeadersOnce(answer);
	}

	@Test
	void anApplicationsOwnHeaderSetOnTheAsyncThreadIsKeptAndNotDoubled() {
		String answer = RawExchange.getUntilClosed(this.port, "/own-header", "a58-own-header");
		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(answer).contains("\r\nX-Frame-Options: SAMEORIGIN\r\n");
		assertOneLine("a58-own-header", 200);
		assertRawHeadersOnce(answer);
	}

	@Test
	void manyAsyncRequestsAtOnceKeepTheirOwnIds() {
		String[] paths = { "/raw-complete", "/deferred", "/complete-now", "/callable", "/restart", "/raw-dispatch" };
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<String> ids = new ArrayList<>();
			List<CompletableFuture<String>> answers = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String id = "a58-parallel-" + i;
				String path = paths[i % paths.length];
				ids.add(id);
				answers.add(CompletableFuture.supplyAsync(() -> RawExchange.getUntilClosed(this.port, path, id), clients));
			}
			for (int i = 0; i < answers.size(); i++) {
				String answer = answers.get(i).join();
				assertThat(answer).as(ids.get(i)).contains("\r\nX-Request-ID: " + ids.get(i) + "\r\n");
				assertRawHeadersOnce(answer);
			}
			for (String id : ids) {
				assertThat(this.log.awaitOf(id)).as(id).hasSize(1);
			}
			for (ILoggingEvent event : this.log.all()) {
				String id = event.getMDCPropertyMap().get("requestId");
				assertThat(event.getFormattedMessage()).as("MDC %s", id).contains(" id=" + id + " ");
			}
			assertThat(this.log.all()).hasSize(40);
		}
		finally {
			clients.shutdown();
		}
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

	private static void assertRawHeadersOnce(String answer) {
		assertRawHeadersOnce(new RawExchange.Response(200, answer.substring(0, answer.indexOf("\r\n\r\n")), ""));
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

}
