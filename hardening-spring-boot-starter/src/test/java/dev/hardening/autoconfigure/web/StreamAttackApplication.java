package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.hardening.error.UnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The application of helper-72's attacks on streamed and asynchronous answers: streams and
 * emitters that fail after their first bytes went out (committed) or before, that a client walks
 * away from half way, that time out, and that wait on a latch only the test releases.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(StreamAttackApplication.StreamController.class)
class StreamAttackApplication {

	/** More than Tomcat's 8 KB output buffer, so the response is committed when it is written and flushed. */
	static final int COMMITTING_BYTES = 64 * 1024;

	/** What an endless stream writes at most, so that a test that goes wrong still ends. */
	static final long ENDLESS_CAP = 512L * 1024 * 1024;

	/** Latches the tests release, by the id the request names. */
	static final Map<String, CountDownLatch> RELEASES = new ConcurrentHashMap<>();

	/** Counted down when a handler's own write failed (the client went away), by id. */
	static final Map<String, CountDownLatch> FAILED_WRITES = new ConcurrentHashMap<>();

	/** What the handler wrote before its write failed, by id. */
	static final Map<String, Long> WRITTEN = new ConcurrentHashMap<>();

	static CountDownLatch failedWrite(String id) {
		return FAILED_WRITES.computeIfAbsent(id, (key) -> new CountDownLatch(1));
	}

	static CountDownLatch release(String id) {
		return RELEASES.computeIfAbsent(id, (key) -> new CountDownLatch(1));
	}

	static RuntimeException failure(String kind, String q) {
		return switch (kind) {
			case "api" -> new UnavailableException("stream unavailable " + q);
			case "rse" -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "stream status " + q);
			default -> new IllegalStateException("stream secret " + q);
		};
	}

	@RestController
	static class StreamController {

		private final ExecutorService executor = Executors.newCachedThreadPool();

		@PreDestroy
		void stop() {
			this.executor.shutdownNow();
		}

		/** Writes and flushes 64 KB, then fails. */
		@GetMapping("/s/stream-cut")
		StreamingResponseBody streamCut(@RequestParam String kind, @RequestParam(defaultValue = "") String q) {
			return (out) -> {
				byte[] body = new byte[COMMITTING_BYTES];
				Arrays.fill(body, (byte) 'a');
				out.write(body);
				out.flush();
				throw failure(kind, q);
			};
		}

		/** Fails before writing anything. */
		@GetMapping("/s/stream-first")
		StreamingResponseBody streamFirst(@RequestParam String kind, @RequestParam(defaultValue = "") String q) {
			return (out) -> {
				throw failure(kind, q);
			};
		}

		/** Sends one event (which flushes, and so commits), then completes with an error. */
		@GetMapping("/s/sse-cut")
		SseEmitter sseCut(@RequestParam String kind, @RequestParam(defaultValue = "") String q) {
			SseEmitter emitter = new SseEmitter(60_000L);
			this.executor.execute(() -> {
				try {
					emitter.send("one");
				}
				catch (IOException ex) {
					// completed with the error below all the same
				}
				emitter.completeWithError(failure(kind, q));
			});
			return emitter;
		}

		/** Completes with an error before sending anything. */
		@GetMapping("/s/sse-first")
		SseEmitter sseFirst(@RequestParam String kind, @RequestParam(defaultValue = "") String q) {
			SseEmitter emitter = new SseEmitter(60_000L);
			this.executor.execute(() -> emitter.completeWithError(failure(kind, q)));
			return emitter;
		}

		/** Sends one chunk, then completes with an error. */
		@GetMapping("/s/emitter-cut")
		ResponseBodyEmitter emitterCut(@RequestParam String kind, @RequestParam(defaultValue = "") String q) {
			ResponseBodyEmitter emitter = new ResponseBodyEmitter(60_000L);
			this.executor.execute(() -> {
				try {
					emitter.send("one\n", MediaType.TEXT_PLAIN);
				}
				catch (IOException ex) {
					// completed with the error below all the same
				}
				emitter.completeWithError(failure(kind, q));
			});
			return emitter;
		}

		/** Writes 8 KB chunks until the client goes away, then rethrows the write's failure. */
		@GetMapping("/s/endless")
		StreamingResponseBody endless(@RequestParam String id) {
			return (out) -> {
				byte[] chunk = new byte[8 * 1024];
				Arrays.fill(chunk, (byte) 'e');
				long written = 0;
				try {
					while (written < ENDLESS_CAP) {
						out.write(chunk);
						out.flush();
						written += chunk.length;
					}
				}
				catch (IOException ex) {
					WRITTEN.put(id, written);
					failedWrite(id).countDown();
					throw ex;
				}
			};
		}

		/** Sends events until the client goes away, then completes with the send's failure, as most applications do. */
		@GetMapping("/s/sse-endless")
		SseEmitter sseEndless(@RequestParam String id) {
			SseEmitter emitter = new SseEmitter(120_000L);
			this.executor.execute(() -> {
				String data = "x".repeat(1024);
				long sent = 0;
				try {
					while (sent < ENDLESS_CAP) {
						emitter.send(data);
						sent += data.length();
					}
					emitter.complete();
				}
				catch (IOException | IllegalStateException ex) {
					WRITTEN.put(id, sent);
					failedWrite(id).countDown();
					emitter.completeWithError(ex);
				}
			});
			return emitter;
		}

		/** Writes 8 KB chunks on the request's own thread until the client goes away, then rethrows. */
		@GetMapping("/s/sync-endless")
		void syncEndless(@RequestParam String id, HttpServletResponse response) throws IOException {
			response.setContentType("application/octet-stream");
			byte[] chunk = new byte[8 * 1024];
			Arrays.fill(chunk, (byte) 's');
			long written = 0;
			try {
				while (written < ENDLESS_CAP) {
					response.getOutputStream().write(chunk);
					written += chunk.length;
				}
			}
			catch (IOException ex) {
				WRITTEN.put(id, written);
				failedWrite(id).countDown();
				throw ex;
			}
		}

		/**
		 * Says it started, waits for the test (which closes its connection meanwhile), then writes
		 * 512 KB in one go, which the ETag filter holds and sends when the handler returns.
		 */
		@GetMapping("/s/sync-held")
		void syncHeld(@RequestParam String id, HttpServletResponse response) throws IOException {
			failedWrite(id + "-started").countDown();
			awaitRelease(id);
			response.setContentType("text/plain");
			byte[] body = new byte[512 * 1024];
			Arrays.fill(body, (byte) 'h');
			response.getOutputStream().write(body);
			WRITTEN.put(id, (long) body.length);
		}

		/** Writes a first line and 16 KB, then waits for the test before it writes the rest. */
		@GetMapping("/s/slow-stream")
		ResponseEntity<StreamingResponseBody> slowStream(@RequestParam String id) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body((out) -> {
				out.write(("first\n" + "f".repeat(16 * 1024) + "\n").getBytes(StandardCharsets.UTF_8));
				out.write(awaitRelease(id).getBytes(StandardCharsets.UTF_8));
			});
		}

		/** Sends a first event, then waits for the test before it sends the second. */
		@GetMapping("/s/slow-sse")
		SseEmitter slowSse(@RequestParam String id) {
			SseEmitter emitter = new SseEmitter(120_000L);
			this.executor.execute(() -> {
				try {
					emitter.send("first");
					emitter.send(awaitRelease(id).trim());
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			});
			return emitter;
		}

		/** Never completed: ends with the configured async timeout. */
		@GetMapping("/s/deferred-never")
		DeferredResult<String> deferredNever() {
			return new DeferredResult<>();
		}

		/** Never sends: ends with the configured async timeout, nothing committed. */
		@GetMapping("/s/sse-silent")
		SseEmitter sseSilent() {
			return new SseEmitter();
		}

		/** Sends one event, then nothing: ends with the configured async timeout, committed. */
		@GetMapping("/s/sse-then-silent")
		SseEmitter sseThenSilent() throws IOException {
			SseEmitter emitter = new SseEmitter();
			emitter.send("one");
			return emitter;
		}

		private static String awaitRelease(String id) {
			try {
				return release(id).await(60, TimeUnit.SECONDS) ? "released\n" : "gave up\n";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "interrupted\n";
			}
		}

	}

}
