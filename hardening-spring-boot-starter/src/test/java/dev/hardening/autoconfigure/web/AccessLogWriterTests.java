package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an application writes through {@code getWriter()} reaches the client whole, on a real
 * Tomcat, whether the access log writes the request's event or not, and the response's
 * {@code flushBuffer()}, {@code reset()} and {@code resetBuffer()} act on it. The requests are
 * {@code POST}s, which the ETag filter (that buffers {@code GET}s) leaves alone, so the writer is the
 * access log's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AccessLogWriterTests.TestApplication.class,
		properties = { "hardening.web.access-log.sample-rate=0", "hardening.web.access-log.slow-threshold=1h" })
class AccessLogWriterTests {

	@LocalServerPort
	private int port;

	@Test
	void aBodyWrittenThroughTheWriterReachesTheClientWhenItsEventIsSampledOut() {
		HttpResponse<String> response = post("/writer");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("written through the writer, é");
	}

	@Test
	void aBodyWrittenThroughTheWriterReachesTheClientWhenTheAccessLoggerIsAboveInfo() {
		Logger logger = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER);
		Level level = logger.getLevel();
		logger.setLevel(Level.WARN);
		try {
			// a 409 is never sampled out: only the logger's level keeps its event from being written
			HttpResponse<String> response = post("/writer/conflict");

			assertThat(response.statusCode()).isEqualTo(409);
			assertThat(response.body()).isEqualTo("conflict");
		}
		finally {
			logger.setLevel(level);
		}
	}

	@Test
	void resetBufferDiscardsWhatTheWriterWrote() {
		assertThat(post("/writer/reset-buffer").body()).isEqualTo("final");
	}

	@Test
	void resetDiscardsWhatTheWriterWrote() {
		HttpResponse<String> response = post("/writer/reset");

		assertThat(response.body()).isEqualTo("final");
		assertThat(response.headers().firstValue("X-Draft")).isEmpty();
	}

	@Test
	void flushBufferSendsWhatTheWriterWroteBeforeTheHandlerEnds() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/writer/flush"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			// the handler is still waiting for the release: these bytes came through flushBuffer()
			byte[] early = body.readNBytes("early ".length());
			TestController.release.countDown();

			assertThat(new String(early, StandardCharsets.UTF_8)).isEqualTo("early ");
			assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("late");
		}
	}

	private HttpResponse<String> post(String path) {
		return new TestHttp(this.port).post(path, "text/plain", "");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		static final CountDownLatch release = new CountDownLatch(1);

		@PostMapping("/writer")
		void writer(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().write("written through the writer, é");
		}

		@PostMapping("/writer/conflict")
		void conflict(HttpServletResponse response) throws IOException {
			response.setStatus(409);
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().print("conflict");
		}

		@PostMapping("/writer/reset-buffer")
		void resetBuffer(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			PrintWriter writer = response.getWriter();
			writer.write("draft");
			response.resetBuffer();
			writer.write("final");
		}

		@PostMapping("/writer/reset")
		void reset(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			response.setHeader("X-Draft", "yes");
			PrintWriter writer = response.getWriter();
			writer.write("draft");
			response.reset();
			response.setContentType("text/plain;charset=UTF-8");
			writer.write("final");
		}

		@PostMapping("/writer/flush")
		void flush(HttpServletResponse response) throws Exception {
			response.setContentType("text/plain;charset=UTF-8");
			PrintWriter writer = response.getWriter();
			writer.write("early ");
			response.flushBuffer();
			// a safety net for a failing run; the test releases the handler once it has read "early "
			release.await(30, TimeUnit.SECONDS);
			writer.write("late");
		}

	}

}
