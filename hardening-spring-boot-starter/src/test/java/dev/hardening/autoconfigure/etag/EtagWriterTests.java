package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.http.HttpServletResponse;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code GET} body the application writes through {@code getWriter()} while the ETag filter
 * holds it: what {@code flushBuffer()}, {@code reset()} and {@code resetBuffer()} do must reach the
 * characters the writer still has, as they would without the filter.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = EtagWriterTests.TestApplication.class,
		properties = "hardening.web.access-log.enabled=false")
class EtagWriterTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void whatTheWriterWroteAfterAFlushBufferReachesTheClient() {
		HttpResponse<String> response = this.http.get("/writer/flushed");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("before flush, after flush");
		assertThat(response.headers().firstValue("ETag")).as("a flushed response streams: no ETag").isEmpty();
	}

	@Test
	void resetBufferDiscardsWhatTheWriterWroteAndTheETagIsOfWhatWasSent() {
		HttpResponse<String> response = this.http.get("/writer/reset-buffer");
		HttpResponse<String> same = this.http.get("/writer/final");

		assertThat(response.body()).isEqualTo("final");
		assertThat(response.headers().firstValue("ETag")).isPresent().isEqualTo(same.headers().firstValue("ETag"));
	}

	@Test
	void resetDiscardsWhatTheWriterWroteAndTheETagIsOfWhatWasSent() {
		HttpResponse<String> response = this.http.get("/writer/reset");
		HttpResponse<String> same = this.http.get("/writer/final");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("final");
		assertThat(response.headers().firstValue("ETag")).isPresent().isEqualTo(same.headers().firstValue("ETag"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(WriterController.class)
	static class TestApplication {

	}

	@RestController
	static class WriterController {

		@GetMapping("/writer/flushed")
		void flushed(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			PrintWriter writer = response.getWriter();
			writer.write("before flush, ");
			response.flushBuffer();
			writer.write("after flush");
		}

		@GetMapping("/writer/reset-buffer")
		void resetBuffer(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().write("draft");
			response.resetBuffer();
			response.getWriter().write("final");
		}

		@GetMapping("/writer/reset")
		void reset(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().write("draft");
			response.reset();
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().write("final");
		}

		@GetMapping("/writer/final")
		void fin(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().write("final");
		}

	}

}
