package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hardening.autoconfigure.TestHttp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code WebClient} from Boot's builder, used from a servlet request and waited for there as an
 * MVC application does, against a real local upstream that fails, stalls and answers {@code 429}
 * with {@code Retry-After}: the same per-host policies as a {@code RestClient}. Idempotent requests
 * are retried, a {@code POST} is not; a {@code Retry-After} beyond the policy's total timeout is not
 * waited for; a stalled attempt ends at the policy's timeout; a breaker that opened answers without
 * calling; the request ID goes out on every attempt; calls are counted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = WebClientResilienceTests.TestApplication.class,
		properties = { "hardening.resilience.defaults.initial-backoff=1ms", "hardening.resilience.defaults.max-backoff=1ms",
				"hardening.resilience.defaults.breaker.enabled=false", "hardening.resilience.defaults.max-attempts=3",
				"hardening.resilience.defaults.timeout=400ms", "hardening.resilience.defaults.connect-timeout=100ms", "hardening.resilience.defaults.total-timeout=10s",
				// calls to "localhost" go through a policy whose breaker opens after two failures
				"hardening.resilience.clients.localhost=fragile", "hardening.resilience.policies.fragile.max-attempts=1",
				"hardening.resilience.policies.fragile.breaker.enabled=true",
				"hardening.resilience.policies.fragile.breaker.window=2",
				"hardening.resilience.policies.fragile.breaker.minimum-calls=2",
				"hardening.resilience.policies.fragile.breaker.open-for=1h" })
class WebClientResilienceTests {

	private static final CountDownLatch release = new CountDownLatch(1);

	private static final AtomicInteger calls = new AtomicInteger();

	private static final List<String> requestIds = new CopyOnWriteArrayList<>();

	private static final HttpServer upstream = startUpstream();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@AfterAll
	static void stopUpstream() {
		release.countDown();
		upstream.stop(0);
	}

	@BeforeEach
	void reset() {
		calls.set(0);
		requestIds.clear();
	}

	@Test
	void anIdempotentGetIsRetriedOnA503WithTheRequestIdOnEveryAttempt() {
		HttpResponse<String> response = call("GET", "/call/127.0.0.1/flaky", "web-1");
		assertThat(response.body()).isEqualTo("200 ok");
		assertThat(calls).hasValue(2);
		assertThat(requestIds).containsExactly("web-1", "web-1");
		assertThat(this.meters.find("hardening.resilience.calls").tag("kind", "successful_with_retry").counter())
			.isNotNull()
			.satisfies((counter) -> assertThat(counter.count()).isPositive());
	}

	@Test
	void aPostIsNotRetried() {
		HttpResponse<String> response = call("POST", "/call/127.0.0.1/down", "web-2");
		assertThat(response.body()).isEqualTo("503 down");
		assertThat(calls).hasValue(1);
		assertThat(requestIds).containsExactly("web-2");
	}

	@Test
	void aRetryAfterBeyondTheTotalTimeoutIsNotWaitedFor() {
		double refusedBefore = refused();
		HttpResponse<String> response = call("GET", "/call/127.0.0.1/busy", "web-3");
		assertThat(response.body()).isEqualTo("429 busy");
		assertThat(calls).hasValue(1);
		assertThat(refused()).isGreaterThan(refusedBefore);
	}

	@Test
	void aStalledAttemptEndsAtThePolicysTimeoutAndIsRetried() {
		HttpResponse<String> response = call("GET", "/call/127.0.0.1/stall", "web-4");
		assertThat(response.body()).startsWith("failed ");
		assertThat(calls).hasValue(3);
	}

	@Test
	void anOpenBreakerAnswersWithoutCalling() {
		call("GET", "/call/localhost/down", "web-5");
		call("GET", "/call/localhost/down", "web-6");
		assertThat(calls).hasValue(2);
		HttpResponse<String> third = call("GET", "/call/localhost/down", "web-7");
		assertThat(third.body()).isEqualTo("failed CircuitOpenException");
		assertThat(calls).hasValue(2);
	}

	private HttpResponse<String> call(String method, String path, String requestId) {
		return new TestHttp(this.port).send(method, path, "", "X-Request-ID", requestId);
	}

	private double refused() {
		return this.meters.find("hardening.resilience.retries.refused").counters().stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static HttpServer startUpstream() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
			server.createContext("/", (exchange) -> {
				requestIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-ID")));
				int call = calls.incrementAndGet();
				switch (exchange.getRequestURI().getPath()) {
					case "/flaky" -> answer(exchange, (call == 1) ? 503 : 200, "ok", null);
					case "/busy" -> answer(exchange, 429, "busy", "3600");
					case "/stall" -> {
						try {
							// held until the test class ends: every attempt must end at its timeout
							release.await(1, TimeUnit.MINUTES);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
						answer(exchange, 200, "late", null);
					}
					default -> answer(exchange, 503, "down", null);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void answer(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		if (retryAfter != null) {
			exchange.getResponseHeaders().add("Retry-After", retryAfter);
		}
		try {
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
		catch (IOException ex) {
			// the client gave up on a stalled attempt
		}
		exchange.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handlers.class)
	static class TestApplication {

	}

	/** Calls the upstream with a WebClient and says what came back, or what was thrown. */
	@RestController
	static class Handlers {

		private final WebClient client;

		Handlers(WebClient.Builder builder) {
			this.client = builder.build();
		}

		@GetMapping("/call/{host}/{path}")
		String get(@PathVariable String host, @PathVariable String path) {
			return call(this.client.get(), host, path);
		}

		@PostMapping("/call/{host}/{path}")
		String post(@PathVariable String host, @PathVariable String path) {
			return call(this.client.post(), host, path);
		}

		private String call(WebClient.RequestHeadersUriSpec<?> spec, String host, String path) {
			try {
				return spec.uri("http://" + host + ":" + upstream.getAddress().getPort() + "/" + path)
					.exchangeToMono((response) -> response.bodyToMono(String.class)
						.defaultIfEmpty("")
						.map((body) -> response.statusCode().value() + " " + body))
					.block();
			}
			catch (RuntimeException ex) {
				Throwable cause = reactor.core.Exceptions.unwrap(ex);
				while (cause.getCause() != null && cause.getClass().getName().startsWith("org.springframework")) {
					cause = cause.getCause();
				}
				return "failed " + cause.getClass().getSimpleName();
			}
		}

	}

}
