package dev.hardening.autoconfigure.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.idempotency.IdempotencyStore;
import dev.hardening.idempotency.redis.RedisIdempotencyStore;
import dev.hardening.redis.RedisBreaker;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedis;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What an idempotency key costs a guarded {@code POST}, against running the handler alone
 * ({@code bare}, a handler that reads the 40-byte JSON body and writes a 123-byte answer with a
 * {@code Location}): a request without a key on a guarded path ({@code noKey}), a first request
 * (a new key each time: fingerprint, take the key, hold and store the answer), and a replay (the
 * same key: fingerprint, one lookup, the stored answer written). The filter and the interceptor
 * are the starter's, the store {@code local} (Caffeine) or {@code redis} (a real server started by
 * the benchmark: its round trips are in the figure). Requests and responses are Spring's mocks,
 * new for each operation in every benchmark alike. In this package because the guard is not
 * public API.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -o -q package -pl hardening-benchmarks -am -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar IdempotencyBenchmark -t 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IdempotencyBenchmark {

	private static final byte[] BODY = "{\"item\":\"book\",\"quantity\":1,\"note\":\"\"}".getBytes(StandardCharsets.UTF_8);

	private static final byte[] ANSWER = ("{\"id\":42,\"item\":\"book\",\"quantity\":1,\"status\":\"ACCEPTED\","
			+ "\"createdAt\":\"2026-12-03T06:46:02.619630Z\",\"owner\":\"lead@example.com\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Param({ "local", "redis" })
	public String store;

	private TestRedis redis;

	private RedisConnector connector;

	private IdempotencyFilter filter;

	private IdempotencyInterceptor interceptor;

	private FilterChain guarded;

	private long keys;

	@Setup(Level.Trial)
	public void setUp() {
		IdempotencyProperties properties = new IdempotencyProperties();
		IdempotencyProperties.Policy orders = new IdempotencyProperties.Policy();
		orders.setName("orders");
		orders.setPaths(List.of("/orders"));
		properties.setPolicies(List.of(orders));
		ClientAddressResolver addresses = new ClientAddressResolver(TrustedProxies.none());
		IdempotencyRules rules = IdempotencyRules.of(properties.getPolicies(), addresses, (name) -> null);
		IdempotencyStore keyStore;
		if ("redis".equals(this.store)) {
			this.redis = TestRedis.startDedicated();
			this.connector = RedisConnector.create(RedisSettings.builder(this.redis.uri().toString())
				.commandTimeout(Duration.ofSeconds(5))
				.build());
			keyStore = RedisIdempotencyStore.create(this.connector, properties.getKeyPrefix());
		}
		else {
			keyStore = IdempotencyStore.local(properties.getLocalCapacity().toBytes());
		}
		ProblemFactory problems = new ProblemFactory(null, false);
		IdempotencyGuard guard = new IdempotencyGuard(keyStore, RedisBreaker.create("bench", Duration.ofSeconds(10)),
				properties, IdempotencyGuard.replayedHeaders(properties.getReplayHeaders(), "X-Request-ID"), addresses,
				IdempotencyMetrics.NONE,
				new ProblemResponseWriter(problems, JsonMapper.builder().build()), problems);
		this.filter = new IdempotencyFilter(rules, guard, properties.getMaxBodySize().toBytes(),
				(int) properties.getMaxResponseSize().toBytes());
		this.interceptor = new IdempotencyInterceptor(rules, guard);
		this.guarded = (request, response) -> {
			HttpServletRequest http = (HttpServletRequest) request;
			HttpServletResponse answer = (HttpServletResponse) response;
			try {
				if (this.interceptor.preHandle(http, answer, this)) {
					handle(http, answer);
				}
			}
			catch (IOException | ServletException | RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new ServletException(ex);
			}
		};
	}

	@Setup(Level.Iteration)
	public void replayKeyStored() throws Exception {
		this.filter.doFilter(request("\"replayed\""), new MockHttpServletResponse(), this.guarded);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.connector != null) {
			this.connector.close();
			this.redis.close();
		}
	}

	@Benchmark
	public MockHttpServletResponse bare() throws Exception {
		MockHttpServletRequest request = request(null);
		MockHttpServletResponse response = new MockHttpServletResponse();
		handle(request, response);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse noKey() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request(null), response, this.guarded);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse firstRequest() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request("\"k-" + (this.keys++) + "\""), response, this.guarded);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse replay() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request("\"replayed\""), response, this.guarded);
		return response;
	}

	private static MockHttpServletRequest request(String key) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/orders");
		request.setContentType("application/json");
		request.setContent(BODY);
		request.setRemoteAddr("203.0.113.7");
		if (key != null) {
			request.addHeader("Idempotency-Key", key);
		}
		return request;
	}

	private static void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
		request.getInputStream().readAllBytes();
		response.setStatus(201);
		response.setHeader("Location", "/orders/42");
		response.setContentType("application/json");
		response.setContentLength(ANSWER.length);
		response.getOutputStream().write(ANSWER);
	}

}
