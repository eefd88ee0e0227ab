package dev.hardening.autoconfigure.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-58: sampling and excluded paths on asynchronous requests, on a real Tomcat. Each
 * asynchronous request is pipelined on one connection with a marker request after it (a
 * {@code 404}, always logged) that closes the connection: Tomcat takes the marker up only once
 * the asynchronous request is done, its listeners included, so when the connection closes every
 * line that was to be written has been, and a missing line is missing, not late. An error status
 * Tomcat drops the connection on (500, 503) closes it once that request is done: the marker is
 * then not answered.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AccessLogAsyncSamplingTests.TestApplication.class,
		properties = { "hardening.web.access-log.slow-threshold=1h", "hardening.web.access-log.sample-rate=0",
				"hardening.web.access-log.exclude-paths=/excluded/**" })
class AccessLogAsyncSamplingTests {

	private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor();

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@AfterAll
	static void stop() {
		EXECUTOR.shutdown();
	}

	@Test
	void aSuccessfulRequestCompletedByTheApplicationIsSampledOut() {
		String answer = pipelined("/complete?status=200", "a58-sampled-complete");

		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(this.log.awaitOf("a58-sampled-complete-marker")).hasSize(1);
		assertThat(this.log.of("a58-sampled-complete")).isEmpty();
	}

	@Test
	void anErrorCompletedByTheApplicationIsLoggedDespiteSampling() {
		String answer = pipelined("/complete?status=503", "a58-sampled-error");

		assertThat(answer).startsWith("HTTP/1.1 503 ");
		assertThat(this.log.awaitOf("a58-sampled-error")).hasSize(1);
	}

	@Test
	void aSendErrorOnTheAsyncThreadIsLoggedDespiteSampling() {
		String answer = pipelined("/send-error", "a58-sampled-send-error");

		assertThat(answer).startsWith("HTTP/1.1 503 ");
		assertThat(this.log.awaitOf("a58-sampled-send-error")).hasSize(1);
		assertThat(AccessLogEvents.fields(this.log.awaitOf("a58-sampled-send-error").get(0)))
			.containsEntry("http.response.status_code", 503);
	}

	@Test
	void aSuccessfulDeferredResultIsSampledOut() {
		String answer = pipelined("/deferred", "a58-sampled-deferred");

		assertThat(answer).startsWith("HTTP/1.1 200 ");
		assertThat(this.log.awaitOf("a58-sampled-deferred-marker")).hasSize(1);
		assertThat(this.log.of("a58-sampled-deferred")).isEmpty();
	}

	@Test
	void aTimeoutIsLoggedDespiteSampling() {
		String answer = pipelined("/never", "a58-sampled-never");

		assertThat(answer).startsWith("HTTP/1.1 500 ");
		assertThat(this.log.awaitOf("a58-sampled-never")).hasSize(1);
	}

	@Test
	void anExcludedAsyncErrorIsNotLoggedAndKeepsItsHeaders() {
		String answer = pipelined("/excluded/complete?status=503", "a58-excluded-error");

		assertThat(answer).startsWith("HTTP/1.1 503 ");
		String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
		assertThat(head.split("x-content-type-options:", -1)).as(head).hasSize(2);
		assertThat(head.split("content-security-policy:", -1)).as(head).hasSize(2);
		assertThat(head.split("cache-control: no-store", -1)).as(head).hasSize(2);
		assertThat(this.log.of("a58-excluded-error")).isEmpty();
	}

	@Test
	void anExcludedTimeoutIsNotLogged() {
		String answer = pipelined("/excluded/never", "a58-excluded-never");

		assertThat(answer).startsWith("HTTP/1.1 500 ");
		assertThat(this.log.of("a58-excluded-never")).isEmpty();
	}

	/**
	 * Sends the request and, pipelined behind it on the same connection, a marker request for a
	 * path that does not exist, which closes the connection; reads until it is closed.
	 * @return all that came back, the request's answer first
	 */
	private String pipelined(String path, String requestId) {
		String requests = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: " + requestId + "\r\n\r\n"
				+ "GET /missing HTTP/1.1\r\nHost: localhost\r\nX-Request-ID: " + requestId
				+ "-marker\r\nConnection: close\r\n\r\n";
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			return all.toString(StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping({ "/complete", "/excluded/complete" })
		void complete(HttpServletRequest request, HttpServletResponse response, int status) {
			AsyncContext async = request.startAsync(request, response);
			EXECUTOR.execute(() -> {
				try {
					response.setStatus(status);
					response.setContentType("application/json");
					response.getOutputStream().write("{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				finally {
					async.complete();
				}
			});
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

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			DeferredResult<String> result = new DeferredResult<>();
			EXECUTOR.execute(() -> result.setResult("ok"));
			return result;
		}

		@GetMapping({ "/never", "/excluded/never" })
		void never(HttpServletRequest request) {
			request.startAsync().setTimeout(50);
		}

	}

}
