package dev.hardening.autoconfigure.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.idempotency.OrdersApplication.OrdersController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The application the idempotency attacks run against, started once per test JVM and shared by
 * {@link IdempotencyAttackTests} and {@link IdempotencyReplayAttackTests} (closed by Spring's
 * shutdown hook): two policies, small body and response limits, the hidden-method filter, CORS
 * for one origin, and {@code Vary} among the replayed headers; with the raw-socket helpers the
 * attacks send their requests with.
 */
final class IdempotencyAttackApplication {

	static final String JSON = "application/json";

	private static ConfigurableApplicationContext context;

	private static int keys;

	static TestHttp http;

	static int port;

	static OrdersController orders;

	static AttackController attacks;

	private IdempotencyAttackApplication() {
	}

	/** Starts the application, once. */
	static synchronized void start() {
		if (context != null) {
			return;
		}
		context = new SpringApplicationBuilder(OrdersApplication.class, AttackController.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"hardening.idempotency.policies[0].name=orders", "hardening.idempotency.policies[0].paths=/orders/**",
					"hardening.idempotency.policies[0].required=true",
					"hardening.idempotency.policies[0].methods=POST,PATCH,DELETE",
					"hardening.idempotency.policies[1].name=by-api-key",
					"hardening.idempotency.policies[1].paths=/keyed/**",
					"hardening.idempotency.policies[1].key=header:X-Api-Key",
					"hardening.idempotency.max-body-size=2KB", "hardening.idempotency.max-response-size=1KB",
					"spring.mvc.hiddenmethod.filter.enabled=true",
					"hardening.idempotency.replay-headers=Content-Type,Content-Encoding,Content-Language,Content-Location,"
							+ "Location,ETag,Last-Modified,Vary",
					"hardening.web.cors.mappings[0].allowed-origins=https://app.example.com")
			.run();
		port = OrdersApplication.port(context);
		http = new TestHttp(port);
		orders = context.getBean(OrdersController.class);
		attacks = context.getBean(AttackController.class);
	}

	/** Sets the handlers' run counters back to zero. */
	static void reset() {
		orders.created.set(0);
		attacks.runs.set(0);
	}

	static synchronized String newKey() {
		return "\"attack-" + (++keys) + "-" + System.nanoTime() + "\"";
	}

	static String post(String path, String key) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nIdempotency-Key: " + key
				+ "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
	}

	static byte[] gzipped(String key, byte[] body) {
		byte[] head = ("POST /orders/attack/bytes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Encoding: gzip\r\nIdempotency-Key: " + key + "\r\nContent-Length: " + body.length
				+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

	static byte[] gzip(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static String raw(String request) {
		return text(rawBytes(request.getBytes(StandardCharsets.ISO_8859_1)));
	}

	static String raw(String request, String from) {
		return text(rawBytes(request.getBytes(StandardCharsets.ISO_8859_1), from));
	}

	static byte[] rawBytes(byte[] request) {
		return rawBytes(request, null);
	}

	/** Sends bytes as they are, from a given local address when there is one, and reads until the server closes. */
	static byte[] rawBytes(byte[] request, String from) {
		try (Socket socket = new Socket()) {
			if (from != null) {
				socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
			}
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String text(byte[] response) {
		return new String(response, StandardCharsets.ISO_8859_1);
	}

	static byte[] bodyOf(byte[] response) {
		String text = text(response);
		int start = text.indexOf("\r\n\r\n") + 4;
		return java.util.Arrays.copyOfRange(response, start, response.length);
	}

	/** HTTP Basic users, and anonymous callers allowed too, as a public API with optional login has it. */
	@Configuration(proxyBeanMethods = false)
	static class SecuredOrders {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable());
			return http.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}pw").roles("USER").build(),
					User.withUsername("bob").password("{noop}pw").roles("USER").build());
		}

	}

	/** Handlers that count their runs, written the ways the guard has to cope with. */
	@RestController
	static class AttackController {

		final AtomicInteger runs = new AtomicInteger();

		@PostMapping({ "/orders/attack/echo", "/keyed/echo" })
		String echo(@RequestBody(required = false) String body) {
			this.runs.incrementAndGet();
			return "echo:" + body;
		}

		@PostMapping("/orders/attack/bytes")
		String bytes(@RequestBody byte[] body) {
			this.runs.incrementAndGet();
			return "bytes:" + body.length;
		}

		@PostMapping({ "/orders/attack/reader", "/plain/reader" })
		String reader(HttpServletRequest request) throws IOException {
			this.runs.incrementAndGet();
			StringBuilder body = new StringBuilder();
			request.getReader().lines().forEach(body::append);
			return "reader:" + body;
		}

		@PostMapping({ "/orders/attack/stream", "/plain/stream" })
		String stream(HttpServletRequest request) throws IOException {
			this.runs.incrementAndGet();
			byte[] body = request.getInputStream().readAllBytes();
			return "stream:" + body.length + ":" + new String(body, StandardCharsets.US_ASCII);
		}

		@PatchMapping({ "/orders/attack/hidden", "/orders/attack/form" })
		String patched(@RequestParam("item") String item, HttpServletRequest request) {
			this.runs.incrementAndGet();
			return (request.getRequestURI().endsWith("form") ? "form:" : "patched:") + item;
		}

		@DeleteMapping("/orders/attack/form")
		String delete(@RequestParam("item") String item) {
			this.runs.incrementAndGet();
			return "form:" + item;
		}

		@PostMapping("/orders/attack/deferred")
		DeferredResult<ResponseEntity<String>> deferred() {
			int run = this.runs.incrementAndGet();
			DeferredResult<ResponseEntity<String>> result = new DeferredResult<>();
			new Thread(() -> result.setResult(ResponseEntity.status(201).body("deferred run " + run))).start();
			return result;
		}

		@PostMapping("/orders/attack/callable")
		Callable<ResponseEntity<String>> callable() {
			int run = this.runs.incrementAndGet();
			return () -> ResponseEntity.status(201).body("callable run " + run);
		}

		@PostMapping("/orders/attack/emitter")
		ResponseEntity<ResponseBodyEmitter> emitter() {
			int run = this.runs.incrementAndGet();
			ResponseBodyEmitter emitter = new ResponseBodyEmitter();
			new Thread(() -> {
				try {
					emitter.send("emitted ", MediaType.TEXT_PLAIN);
					emitter.send("run " + run, MediaType.TEXT_PLAIN);
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			}).start();
			return ResponseEntity.status(201).contentType(MediaType.TEXT_PLAIN).body(emitter);
		}

		@PostMapping("/orders/attack/sse")
		ResponseEntity<SseEmitter> sse() {
			int run = this.runs.incrementAndGet();
			SseEmitter emitter = new SseEmitter();
			new Thread(() -> {
				try {
					emitter.send(SseEmitter.event().id("1").data("run " + run));
					emitter.send(SseEmitter.event().id("2").data("done"));
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			}).start();
			return ResponseEntity.status(201).body(emitter);
		}

		@PostMapping("/orders/attack/streaming")
		ResponseEntity<StreamingResponseBody> streaming() {
			int run = this.runs.incrementAndGet();
			return ResponseEntity.status(201).contentType(MediaType.TEXT_PLAIN).body((out) -> {
				out.write("streamed ".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				out.write(("run " + run).getBytes(StandardCharsets.US_ASCII));
			});
		}

		@PostMapping("/orders/attack/flush")
		void flush(HttpServletResponse response) throws IOException {
			int run = this.runs.incrementAndGet();
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().write("before flush|");
			response.flushBuffer();
			response.getWriter().write("after flush " + run);
		}

		@PostMapping("/orders/attack/length")
		void length(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.setContentLength(7);
			response.getOutputStream().write("length!".getBytes(StandardCharsets.US_ASCII));
		}

		@PostMapping("/orders/attack/reset")
		void reset(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setHeader("X-Dropped", "yes");
			response.setStatus(500);
			response.getOutputStream().write("dirty".getBytes(StandardCharsets.US_ASCII));
			response.reset();
			response.setStatus(202);
			response.setContentType("text/plain");
			response.getOutputStream().write("clean".getBytes(StandardCharsets.US_ASCII));
		}

		@PostMapping("/orders/attack/big")
		void big(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.getOutputStream().write("a".repeat(500).getBytes(StandardCharsets.US_ASCII));
			response.flushBuffer();
			response.getOutputStream().write("b".repeat(2500).getBytes(StandardCharsets.US_ASCII));
		}

		@PostMapping("/orders/attack/sized")
		void sized(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.setContentLength(3000);
			response.getOutputStream().write("s".repeat(3000).getBytes(StandardCharsets.US_ASCII));
			response.getOutputStream().close();
		}

		@PostMapping("/orders/attack/latin")
		ResponseEntity<String> latin() {
			this.runs.incrementAndGet();
			return ResponseEntity.status(207).contentType(new MediaType("text", "plain", StandardCharsets.ISO_8859_1))
				.body("caf\u00e9");
		}

		@PostMapping("/orders/attack/redirect")
		void redirect(HttpServletResponse response) throws IOException {
			int run = this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.getOutputStream().write("written before the redirect".getBytes(StandardCharsets.US_ASCII));
			response.sendRedirect("/orders/attack/" + run);
		}

		@PostMapping("/orders/attack/varies")
		ResponseEntity<String> varies() {
			this.runs.incrementAndGet();
			return ResponseEntity.ok().header("Vary", "Accept-Language").body("varies");
		}

		@PostMapping("/orders/attack/compressed")
		void compressed(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.setHeader("Content-Encoding", "gzip");
			response.getOutputStream().write(gzip("compressed answer"));
		}

	}

}
