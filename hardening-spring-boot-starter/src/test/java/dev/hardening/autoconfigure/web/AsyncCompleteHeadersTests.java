package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
 * A response written on another thread after the Servlet API's own {@code startAsync()}, and
 * ended with {@link AsyncContext#complete()} (no async dispatch, so no filter wraps it again): the
 * body is small, so nothing flushes or fills the buffer before the container commits it on
 * {@code complete()}. The headers added at commit (the security headers, an error's
 * Cache-Control) are there all the same. Raw socket, real Tomcat.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AsyncCompleteHeadersTests.TestApplication.class)
class AsyncCompleteHeadersTests {

	private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor();

	@LocalServerPort
	private int port;

	@AfterAll
	static void stop() {
		EXECUTOR.shutdown();
	}

	@Test
	void aResponseCompletedOnAnotherThreadCarriesTheSecurityHeaders() {
		RawExchange.Response response = RawExchange.send(this.port, "GET", "/complete", null, new byte[0], false);

		assertThat(response.status()).as(response.head()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"a\":\"b\"}");
		assertThat(response.header("X-Content-Type-Options")).as(response.head()).isEqualTo("nosniff");
		assertThat(response.header("X-Frame-Options")).as(response.head()).isEqualTo("DENY");
		assertThat(response.header("Content-Security-Policy")).as(response.head())
			.isEqualTo("default-src 'none'; frame-ancestors 'none'");
	}

	@Test
	void anErrorCompletedOnAnotherThreadIsNotStored() {
		RawExchange.Response response = RawExchange.send(this.port, "GET", "/complete-error", null, new byte[0],
				false);

		assertThat(response.status()).as(response.head()).isEqualTo(503);
		assertThat(response.header("Cache-Control")).as(response.head()).isEqualTo("no-store");
		assertThat(response.header("X-Content-Type-Options")).as(response.head()).isEqualTo("nosniff");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping("/complete")
		void complete(HttpServletRequest request, HttpServletResponse response) {
			AsyncContext async = request.startAsync(request, response);
			EXECUTOR.execute(() -> {
				try {
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

		@GetMapping("/complete-error")
		void completeError(HttpServletRequest request, HttpServletResponse response) {
			AsyncContext async = request.startAsync(request, response);
			EXECUTOR.execute(() -> {
				try {
					response.setStatus(503);
					response.setContentType("application/json");
					response.getOutputStream().write("{\"busy\":true}".getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				finally {
					async.complete();
				}
			});
		}

	}

}
