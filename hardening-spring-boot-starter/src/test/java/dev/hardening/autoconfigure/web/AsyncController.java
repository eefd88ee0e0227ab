package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Every way Spring MVC and the Servlet API end an asynchronous request, for the tests that run
 * them on a real Tomcat through {@link AsyncApplication}: results set on another thread, timeouts,
 * errors, emitters, streaming bodies, {@code AsyncContext.complete()} and {@code dispatch}.
 */
@RestController
class AsyncController {

	/** Writes the answers of the requests the controller left to another thread. */
	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	@PreDestroy
	void stop() {
		this.executor.shutdown();
	}

	@GetMapping("/deferred")
	DeferredResult<Map<String, String>> deferred() {
		DeferredResult<Map<String, String>> result = new DeferredResult<>();
		this.executor.execute(() -> result.setResult(Map.of("d", "r")));
		return result;
	}

	@GetMapping("/deferred-timeout")
	DeferredResult<String> deferredTimeout() {
		return new DeferredResult<>(50L);
	}

	@GetMapping("/deferred-error")
	DeferredResult<String> deferredError() {
		DeferredResult<String> result = new DeferredResult<>();
		this.executor.execute(() -> result.setErrorResult(new IllegalStateException("boom")));
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
		// the callable is held until the request has completed with the timeout's answer,
		// interrupted or not (Spring cancels it on the timeout, and a result it returned before
		// could beat the timeout's); a callable held longer would hold the context's close
		// (its executor waits for running tasks)
		CountDownLatch completed = new CountDownLatch(1);
		WebAsyncTask<String> task = new WebAsyncTask<>(50L, () -> {
			boolean interrupted = false;
			while (true) {
				try {
					completed.await();
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
		task.onCompletion(completed::countDown);
		return task;
	}

	@GetMapping("/sse")
	SseEmitter sse() {
		SseEmitter emitter = new SseEmitter(30_000L);
		this.executor.execute(() -> {
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
		this.executor.execute(() -> {
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
		this.executor.execute(() -> {
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
		this.executor.execute(() -> emitter.completeWithError(new IllegalStateException("boom")));
		return emitter;
	}

	@GetMapping("/streaming")
	StreamingResponseBody streaming() {
		return (out) -> out.write("streamed".getBytes(StandardCharsets.UTF_8));
	}

	@GetMapping("/raw-complete")
	void rawComplete(HttpServletRequest request, HttpServletResponse response) {
		completeLater(request, response, () -> {
			response.setContentType("text/plain");
			response.getOutputStream().write("raw".getBytes(StandardCharsets.UTF_8));
		});
	}

	@GetMapping("/fill-complete")
	void fillComplete(HttpServletRequest request, HttpServletResponse response) {
		completeLater(request, response, () -> {
			response.setContentType("text/plain");
			byte[] body = new byte[64 * 1024];
			Arrays.fill(body, (byte) 'y');
			response.getOutputStream().write(body);
		});
	}

	@GetMapping("/own-header")
	void ownHeader(HttpServletRequest request, HttpServletResponse response) {
		completeLater(request, response, () -> {
			response.setHeader("X-Frame-Options", "SAMEORIGIN");
			response.setContentType("text/plain");
			response.getOutputStream().write("own".getBytes(StandardCharsets.UTF_8));
		});
	}

	@GetMapping("/raw-dispatch")
	void rawDispatch(HttpServletRequest request) {
		AsyncContext async = request.startAsync();
		this.executor.execute(() -> async.dispatch("/dispatched"));
	}

	@GetMapping("/dispatched")
	String dispatched() {
		return "dispatched";
	}

	@GetMapping("/flush-complete")
	void flushComplete(HttpServletRequest request, HttpServletResponse response) {
		completeLater(request, response, () -> {
			response.setContentType("text/plain");
			byte[] chunk = new byte[16 * 1024];
			Arrays.fill(chunk, (byte) 'x');
			for (int i = 0; i < 4; i++) {
				response.getOutputStream().write(chunk);
				response.getOutputStream().flush();
			}
		});
	}

	@GetMapping("/restart")
	void restart(HttpServletRequest request, HttpServletResponse response) {
		if (request.getDispatcherType() != DispatcherType.ASYNC) {
			AsyncContext async = request.startAsync();
			this.executor.execute(async::dispatch);
			return;
		}
		completeLater(request, response, () -> {
			response.setStatus(202);
			response.setContentType("text/plain");
			response.getOutputStream().write("second".getBytes(StandardCharsets.UTF_8));
		});
	}

	@GetMapping("/complete-now")
	void completeNow(HttpServletRequest request, HttpServletResponse response) throws IOException {
		AsyncContext async = request.startAsync(request, response);
		response.setContentType("text/plain");
		response.getOutputStream().write("now".getBytes(StandardCharsets.UTF_8));
		async.complete();
	}

	@GetMapping({ "/send-error", "/send-error/{id}" })
	void sendError(HttpServletRequest request, HttpServletResponse response) {
		completeLater(request, response, () -> {
			response.sendError(503);
		});
	}

	@GetMapping({ "/never", "/never/{id}" })
	void never(HttpServletRequest request) {
		request.startAsync().setTimeout(50);
	}

	@GetMapping("/complete")
	void complete(HttpServletRequest request, HttpServletResponse response) {
		completeLater(request, response, () -> {
			response.setStatus(202);
			response.setContentType("application/json");
			response.getOutputStream().write("{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8));
		});
	}

	@GetMapping("/complete-error")
	void completeError(HttpServletRequest request, HttpServletResponse response) {
		completeLater(request, response, () -> {
			response.setStatus(503);
			response.setContentType("application/json");
			response.getOutputStream().write("{\"busy\":true}".getBytes(StandardCharsets.UTF_8));
		});
	}

	@GetMapping("/sync-error/{id}")
	void syncError(HttpServletResponse response) throws IOException {
		response.sendError(503);
	}

	/** A write on the controller's thread that may fail as the Servlet API's do. */
	interface Answer {

		void write() throws IOException;

	}

	/**
	 * Starts asynchronous processing and writes the answer on another thread, which then completes
	 * the request itself ({@code AsyncContext.complete()}, no dispatch), whether the write failed or not.
	 */
	private void completeLater(HttpServletRequest request, HttpServletResponse response, Answer answer) {
		AsyncContext async = request.startAsync(request, response);
		this.executor.execute(() -> {
			try {
				answer.write();
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
