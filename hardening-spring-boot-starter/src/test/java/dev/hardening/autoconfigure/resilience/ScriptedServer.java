package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that answers from a script, then with a fallback answer, and
 * counts what it was asked. An answer may be held until a latch opens, to play a server that does
 * not answer in time.
 */
final class ScriptedServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final Queue<Answer> script = new ConcurrentLinkedQueue<>();

	private volatile Answer fallback = Answer.of(200, "ok");

	private final AtomicInteger requests = new AtomicInteger();

	private final List<String> methods = Collections.synchronizedList(new ArrayList<>());

	private final List<String> idempotencyKeys = Collections.synchronizedList(new ArrayList<>());

	private final CountDownLatch released = new CountDownLatch(1);

	ScriptedServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/**
	 * Queues answers, given in order to the next requests.
	 */
	ScriptedServer then(Answer... answers) {
		Collections.addAll(this.script, answers);
		return this;
	}

	/**
	 * Sets the answer once the script is spent.
	 */
	ScriptedServer otherwise(Answer answer) {
		this.fallback = answer;
		return this;
	}

	/**
	 * Forgets the script and the counts, and answers 200 again.
	 */
	void reset() {
		this.script.clear();
		this.fallback = Answer.of(200, "ok");
		this.requests.set(0);
		this.methods.clear();
		this.idempotencyKeys.clear();
	}

	String url(String host, String path) {
		return "http://" + host + ":" + this.server.getAddress().getPort() + path;
	}

	int requests() {
		return this.requests.get();
	}

	List<String> methods() {
		return List.copyOf(this.methods);
	}

	/** The Idempotency-Key of each request, in order; an empty string for a request without one. */
	List<String> idempotencyKeys() {
		return List.copyOf(this.idempotencyKeys);
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		this.methods.add(exchange.getRequestMethod());
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		this.idempotencyKeys.add((key != null) ? key : "");
		exchange.getRequestBody().readAllBytes();
		Answer answer = this.script.poll();
		if (answer == null) {
			answer = this.fallback;
		}
		if (answer.held()) {
			try {
				this.released.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
		answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
		exchange.getResponseHeaders().add("Content-Type", "text/plain");
		exchange.sendResponseHeaders(answer.status(), (body.length > 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.released.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * One answer.
	 */
	record Answer(int status, Map<String, String> headers, String body, boolean held) {

		static Answer of(int status, String body) {
			return new Answer(status, Map.of(), body, false);
		}

		static Answer status(int status) {
			return new Answer(status, Map.of(), "", false);
		}

		static Answer retryAfter(int status, String retryAfter) {
			return new Answer(status, Map.of("Retry-After", retryAfter), "", false);
		}

		/** An answer that comes only once the server is closed. */
		static Answer never() {
			return new Answer(200, Map.of(), "late", true);
		}

	}

}
