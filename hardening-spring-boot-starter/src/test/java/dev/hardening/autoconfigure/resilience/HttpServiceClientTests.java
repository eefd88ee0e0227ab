package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's HTTP service clients ({@code @HttpExchange} interfaces registered with
 * {@code @ImportHttpServices}, backed by a {@code RestClient}) get the same per-host policies as a
 * {@code RestClient} built from Boot's builder: Boot applies the application's
 * {@code RestClientCustomizer}s to every HTTP service group. An idempotent {@code GET} is retried
 * on a {@code 503}, a {@code POST} is not; the request ID goes out; the calls are counted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HttpServiceClientTests.TestApplication.class,
		properties = { "hardening.resilience.defaults.initial-backoff=1ms", "hardening.resilience.defaults.max-backoff=1ms",
				"hardening.resilience.defaults.breaker.enabled=false" })
class HttpServiceClientTests {

	private static final HttpServer upstream = startUpstream();

	private static final AtomicInteger quoteCalls = new AtomicInteger();

	private static final AtomicInteger orderCalls = new AtomicInteger();

	private static final List<String> requestIds = new CopyOnWriteArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("spring.http.serviceclient.quotes.base-url",
				() -> "http://127.0.0.1:" + upstream.getAddress().getPort());
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop(0);
	}

	@BeforeEach
	void reset() {
		quoteCalls.set(0);
		orderCalls.set(0);
		requestIds.clear();
	}

	@Test
	void anIdempotentGetIsRetriedOnA503AndCarriesTheRequestId() {
		HttpResponse<String> response = new TestHttp(this.port).get("/price/ACME", "X-Request-ID", "svc-1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("101.01");
		assertThat(quoteCalls).hasValue(2);
		assertThat(requestIds).containsExactly("svc-1", "svc-1");
		assertThat(this.meters.find("hardening.resilience.retries").counters())
			.anySatisfy((counter) -> assertThat(counter.count()).isPositive());
	}

	@Test
	void aPostIsNotRetried() {
		HttpResponse<String> response = new TestHttp(this.port).send("POST", "/order/ACME", "", "X-Request-ID", "svc-2");
		assertThat(orderCalls).hasValue(1);
		// the upstream's 503 is answered as the starter answers an upstream failure
		assertThat(response.statusCode()).isGreaterThanOrEqualTo(500);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(requestIds).containsExactly("svc-2");
	}

	interface QuoteClient {

		@GetExchange("/quotes/{symbol}")
		String quote(@PathVariable String symbol);

		@PostExchange("/orders/{symbol}")
		String order(@PathVariable String symbol);

	}

	private static HttpServer startUpstream() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/quotes/", (exchange) -> {
				requestIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-ID")));
				answer(exchange, (quoteCalls.incrementAndGet() == 1) ? 503 : 200, "101.01");
			});
			server.createContext("/orders/", (exchange) -> {
				requestIds.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-ID")));
				orderCalls.incrementAndGet();
				answer(exchange, 503, "busy");
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "text/plain");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportHttpServices(group = "quotes", types = QuoteClient.class)
	@Import(Handlers.class)
	static class TestApplication {

	}

	@RestController
	static class Handlers {

		private final QuoteClient quotes;

		Handlers(QuoteClient quotes) {
			this.quotes = quotes;
		}

		@GetMapping("/price/{symbol}")
		String price(@PathVariable String symbol) {
			return this.quotes.quote(symbol);
		}

		@PostMapping("/order/{symbol}")
		String order(@PathVariable String symbol) {
			return this.quotes.order(symbol);
		}

	}

}
