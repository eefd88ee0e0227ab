package dev.hardening.autoconfigure.etag;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC flushes the response after it writes a {@code ResponseEntity} body: that flush,
 * followed by the end of the handler, must still give a shallow ETag, while a handler that
 * writes, flushes and then waits (or writes more) streams. The streaming checks read the first
 * chunk while the handler waits on a latch that only the test releases: a first chunk held back
 * until the handler ends shows as a handler that gave up waiting.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = EtagFlushedResponsesTests.TestApplication.class,
		properties = "hardening.etag.max-buffer-size=64KB")
class EtagFlushedResponsesTests {

	/** How long a handler waits for the test before it gives up and says so in the body. */
	private static final long PATIENCE_SECONDS = 20;

	private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void aResponseEntityGetsAShallowETagAndAMatchingIfNoneMatchA304() {
		HttpResponse<String> first = this.http.get("/entity");
		String etag = first.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> second = this.http.get("/entity", "If-None-Match", etag);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).contains("\"name\":\"entity\"");
		assertThat(etag).matches("W/\"[A-Za-z0-9_-]{14}\"");
		assertThat(first.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.body().length()));
		assertThat(second.statusCode()).isEqualTo(304);
		assertThat(second.body()).isEmpty();
		assertThat(second.headers().firstValue("ETag")).hasValue(etag);
		assertThat(this.http.get("/entity", "If-None-Match", "W/\"other\"").statusCode()).isEqualTo(200);
	}

	@Test
	void aHeadOfAResponseEntityCarriesTheETagOfItsGetAndCanBeNotModified() {
		HttpResponse<String> get = this.http.get("/entity");
		String etag = get.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> head = this.http.send("HEAD", "/entity", null);
		HttpResponse<String> notModified = this.http.send("HEAD", "/entity", null, "If-None-Match", etag);

		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("ETag")).hasValue(etag);
		assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length()));
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
	}

	@Test
	void aForwardedBodyArrivesWholeWithItsETag() {
		HttpResponse<String> response = this.http.get("/forward");
		String etag = response.headers().firstValue("ETag").orElseThrow();

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("forwarded body");
		assertThat(this.http.get("/forward", "If-None-Match", etag).statusCode()).isEqualTo(304);
		assertThat(this.http.send("HEAD", "/forward", null).headers().firstValue("ETag")).hasValue(etag);
	}

	@Test
	void aResponseEntityWithItsOwnETagKeepsIt() {
		HttpResponse<String> response = this.http.get("/entity/own-etag");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("ETag")).containsExactly("\"v7\"");
		assertThat(this.http.get("/entity/own-etag", "If-None-Match", "\"v7\"").statusCode()).isEqualTo(304);
	}

	@Test
	void aResponseEntityLargerThanTheBufferStreamsThroughWholeAndUntagged() {
		HttpResponse<String> response = this.http.get("/entity/large");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("ETag")).isEmpty();
		assertThat(response.body()).hasSize(100 * 1024);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/stream/flush-buffer", "/stream/flush-and-write", "/stream/body", "/stream/events" })
	void aStreamingHandlerDeliversItsFirstChunkBeforeItEndsAndGetsNoETag(String path) throws Exception {
		String id = UUID.randomUUID().toString();
		CountDownLatch latch = new CountDownLatch(1);
		LATCHES.put(id, latch);

		HttpResponse<InputStream> response = this.client.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path + "?latch=" + id))
					.timeout(Duration.ofSeconds(3 * PATIENCE_SECONDS))
					.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String first = body.readLine();
			latch.countDown();
			String rest = body.lines().reduce("", (all, line) -> all + line + "\n");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(first).contains("first");
			assertThat(rest).as("the handler was still waiting when the first chunk arrived")
				.contains("released")
				.doesNotContain("gave up");
			assertThat(response.headers().firstValue("ETag")).isEmpty();
		}
	}

	@Test
	void aHandlerThatFlushesItsStreamAndWritesOnStreamsUntagged() {
		HttpResponse<String> response = this.http.get("/stream/flushes");

		assertThat(response.body()).isEqualTo("one\ntwo\nthree\n");
		assertThat(response.headers().firstValue("ETag")).isEmpty();
	}

	@Test
	void whatAHandlerLeftInItsWriterIsPartOfTheETag() {
		String a = this.http.get("/writer?text=a").headers().firstValue("ETag").orElseThrow();
		String b = this.http.get("/writer?text=b").headers().firstValue("ETag").orElseThrow();

		assertThat(this.http.get("/writer?text=a").body()).isEqualTo("a");
		assertThat(a).isNotEqualTo(b);
		assertThat(this.http.get("/writer?text=b", "If-None-Match", a).statusCode()).isEqualTo(200);
	}

	@Test
	void aHandlerThatFlushesItsStreamOnlyAtTheEndIsTagged() {
		HttpResponse<String> response = this.http.get("/stream/flush-at-end");
		String etag = response.headers().firstValue("ETag").orElseThrow();

		assertThat(response.body()).isEqualTo("whole body");
		assertThat(this.http.get("/stream/flush-at-end", "If-None-Match", etag).statusCode()).isEqualTo(304);
	}

	/** Waits for the test to read the first chunk; says in the body whether it was released or gave up. */
	private static String awaitTest(String id) {
		try {
			boolean released = LATCHES.remove(id).await(PATIENCE_SECONDS, TimeUnit.SECONDS);
			return released ? "released\n" : "gave up\n";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted\n";
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping("/entity")
		ResponseEntity<Map<String, Object>> entity() {
			return ResponseEntity.ok(Map.of("id", 1, "name", "entity"));
		}

		@GetMapping("/forward")
		void forward(jakarta.servlet.http.HttpServletRequest request, HttpServletResponse response) throws Exception {
			request.getRequestDispatcher("/forwarded").forward(request, response);
		}

		@GetMapping("/forwarded")
		String forwarded() {
			return "forwarded body";
		}

		@GetMapping("/entity/own-etag")
		ResponseEntity<String> ownEtag() {
			return ResponseEntity.ok().eTag("\"v7\"").body("seven");
		}

		@GetMapping("/entity/large")
		ResponseEntity<String> large() {
			return ResponseEntity.ok("y".repeat(100 * 1024));
		}

		@GetMapping("/stream/flush-buffer")
		void flushBuffer(@RequestParam String latch, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			OutputStream out = response.getOutputStream();
			out.write(bytes("first\n"));
			response.flushBuffer();
			out.write(bytes(awaitTest(latch)));
		}

		@GetMapping("/stream/flush-and-write")
		void flushAndWrite(@RequestParam String latch, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			OutputStream out = response.getOutputStream();
			out.write(bytes("first\n"));
			out.flush();
			out.write(bytes("second\n"));
			out.flush();
			out.write(bytes(awaitTest(latch)));
		}

		@GetMapping("/stream/body")
		ResponseEntity<StreamingResponseBody> body(@RequestParam String latch) {
			// Spring 7 makes a StreamingResponseBody's flush a no-op: its bytes leave as the container's buffer fills
			return ResponseEntity.ok().header("Content-Type", "text/plain").body((out) -> {
				out.write(bytes("first\n" + "f".repeat(16 * 1024) + "\n"));
				out.write(bytes(awaitTest(latch)));
			});
		}

		@GetMapping("/stream/events")
		SseEmitter events(@RequestParam String latch) throws IOException {
			SseEmitter emitter = new SseEmitter(3 * PATIENCE_SECONDS * 1000);
			emitter.send("first");
			new Thread(() -> {
				try {
					emitter.send(awaitTest(latch).trim());
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			}).start();
			return emitter;
		}

		@GetMapping("/stream/flushes")
		void flushes(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			OutputStream out = response.getOutputStream();
			for (String line : new String[] { "one\n", "two\n", "three\n" }) {
				out.write(bytes(line));
				out.flush();
			}
		}

		@GetMapping("/writer")
		void writer(@RequestParam String text, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getWriter().write(text);
		}

		@GetMapping("/stream/flush-at-end")
		void flushAtEnd(HttpServletResponse response) {
			response.setContentType("text/plain");
			try {
				response.getWriter().write("whole body");
				response.getWriter().flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
