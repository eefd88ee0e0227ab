package dev.hardening.autoconfigure.idempotency;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.idempotency.OrdersApplication.OrdersController;
import dev.hardening.redis.RedisConnector;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Idempotency keys shared by two instances through a real Redis: a key raced across both runs its
 * request once, a lease that runs out lets a retry run once, and Redis going down is met by the
 * fail mode.
 */
@ExtendWith(RedisExtension.class)
class RedisIdempotencyTests {

	private static final String JSON = "application/json";

	@Test
	void fiftyConcurrentRequestsWithOneKeyAcrossTwoInstancesRunTheHandlerOnce(TestRedis redis) throws Exception {
		try (ConfigurableApplicationContext first = start(redis, "closed");
				ConfigurableApplicationContext second = start(redis, "closed")) {
			List<TestHttp> instances = List.of(new TestHttp(OrdersApplication.port(first)),
					new TestHttp(OrdersApplication.port(second)));
			for (int round = 0; round < 5; round++) {
				String key = "\"race-" + round + "\"";
				List<HttpResponse<String>> answers = race(instances, 50, key);

				int runs = count(first) + count(second);
				assertThat(runs).as("round %d: the handler ran once across both instances", round).isEqualTo(round + 1);
				HttpResponse<String> executed = null;
				for (HttpResponse<String> answer : answers) {
					if (answer.statusCode() == 409) {
						assertProblem(answer, 409, "IDEMPOTENCY_KEY_IN_PROGRESS");
						continue;
					}
					assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
					if (answer.headers().firstValue("Idempotent-Replayed").isEmpty()) {
						assertThat(executed).as("one execution").isNull();
						executed = answer;
					}
				}
				assertThat(executed).isNotNull();
				for (HttpResponse<String> answer : answers) {
					if (answer.statusCode() == 201) {
						assertThat(answer.body()).isEqualTo(executed.body());
					}
				}
				// after completion, every retry on either instance is the replay, byte for byte
				for (TestHttp instance : instances) {
					HttpResponse<String> replay = instance.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key",
							key);
					assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
					assertThat(replay.body()).isEqualTo(executed.body());
					assertThat(replay.headers().firstValue("Location")).isEqualTo(executed.headers().firstValue("Location"));
				}
			}
		}
	}

	@Test
	void whenTheInstanceHoldingAKeyStallsPastItsLeaseARetryRunsOnceOnTheOther(TestRedis redis) throws Exception {
		try (ConfigurableApplicationContext first = start(redis, "closed");
				ConfigurableApplicationContext second = start(redis, "closed")) {
			OrdersController stalled = first.getBean(OrdersController.class);
			stalled.entered = new CountDownLatch(1);
			stalled.release = new CountDownLatch(1);
			ExecutorService executor = Executors.newSingleThreadExecutor();
			try {
				Future<HttpResponse<String>> stuck = executor.submit(() -> new TestHttp(OrdersApplication.port(first))
					.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", "\"lease\""));
				assertThat(stalled.entered.await(30, TimeUnit.SECONDS)).isTrue();
				TestHttp other = new TestHttp(OrdersApplication.port(second));
				assertProblem(other.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", "\"lease\""), 409,
						"IDEMPOTENCY_KEY_IN_PROGRESS");

				// the lease runs out: an expiry time in the past ends it now, as the clock would
				expireEveryKey(redis);

				HttpResponse<String> retry = other.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key",
						"\"lease\"");
				assertThat(retry.statusCode()).isEqualTo(201);
				assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();

				// the stalled request finishes late: its answer goes out, but it no longer owns the key
				stalled.release.countDown();
				assertThat(stuck.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
				HttpResponse<String> later = other.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key",
						"\"lease\"");
				assertThat(later.headers().firstValue("Idempotent-Replayed")).hasValue("true");
				assertThat(later.body()).isEqualTo(retry.body());
				assertThat(count(first) + count(second)).isEqualTo(2);
			}
			finally {
				stalled.release.countDown();
				executor.shutdownNow();
			}
		}
	}

	@Test
	void withRedisDownFailModeClosedRefusesWith503AndFailModeOpenRunsUnguarded() {
		try (TestRedis own = TestRedis.startDedicated();
				ConfigurableApplicationContext closed = start(own, "closed");
				ConfigurableApplicationContext open = start(own, "open")) {
			TestHttp closedHttp = new TestHttp(OrdersApplication.port(closed));
			TestHttp openHttp = new TestHttp(OrdersApplication.port(open));
			assertThat(closedHttp.post("/orders", JSON, "{}", "Idempotency-Key", "\"up\"").statusCode()).isEqualTo(201);

			own.stop();

			HttpResponse<String> refused = closedHttp.post("/orders", JSON, "{}", "Idempotency-Key", "\"down-1\"");
			assertProblem(refused, 503, "SERVICE_UNAVAILABLE");
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(openHttp.post("/orders", JSON, "{}", "Idempotency-Key", "\"down-2\"").statusCode()).isEqualTo(201);
			assertThat(count(closed)).isEqualTo(1);
			assertThat(count(open)).isEqualTo(1);

			own.start();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> closedHttp.post("/orders", JSON, "{}", "Idempotency-Key", "\"back\"").statusCode() == 201);
			assertThat(closedHttp.post("/orders", JSON, "{}", "Idempotency-Key", "\"back\"").headers()
				.firstValue("Idempotent-Replayed")).hasValue("true");
		}
	}

	@Test
	void aFirstRequestCostsTwoRedisRoundTripsAndAReplayOne() {
		try (TestRedis own = TestRedis.startDedicated(); ConfigurableApplicationContext context = start(own, "closed")) {
			TestHttp http = new TestHttp(OrdersApplication.port(context));
			// the scripts loaded into this server once (a NOSCRIPT answer and an EVAL each)
			http.post("/orders", JSON, "{}", "Idempotency-Key", "\"warm\"");
			http.post("/orders", JSON, "{}", "Idempotency-Key", "\"warm\"");

			long before = scriptCalls(own);
			assertThat(http.post("/orders", JSON, "{}", "Idempotency-Key", "\"first\"").statusCode()).isEqualTo(201);
			long afterFirst = scriptCalls(own);
			assertThat(http.post("/orders", JSON, "{}", "Idempotency-Key", "\"first\"").headers()
				.firstValue("Idempotent-Replayed")).hasValue("true");
			long afterReplay = scriptCalls(own);

			assertThat(afterFirst - before).as("round trips of a first request").isEqualTo(2);
			assertThat(afterReplay - afterFirst).as("round trips of a replay").isEqualTo(1);
		}
	}

	/**
	 * The round trips of the store: its scripts, run by digest or by source (the commands a script
	 * runs inside Redis are counted apart, and are not round trips).
	 */
	private static long scriptCalls(TestRedis redis) {
		RedisClient client = RedisClient.create(redis.redisUri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			long calls = 0;
			for (String line : connection.sync().info("commandstats").split("\r?\n")) {
				if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
					String calledPart = line.substring(line.indexOf("calls=") + 6);
					calls += Long.parseLong(calledPart.substring(0, calledPart.indexOf(',')));
				}
			}
			return calls;
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static int count(ConfigurableApplicationContext context) {
		return context.getBean(OrdersController.class).created.get();
	}

	private static void expireEveryKey(TestRedis redis) {
		RedisClient client = RedisClient.create(redis.redisUri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			for (String key : connection.sync().keys("hardening:idempotency:*")) {
				connection.sync().pexpireat(key, 1);
			}
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static List<HttpResponse<String>> race(List<TestHttp> instances, int requests, String key)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(requests);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<HttpResponse<String>>> results = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				TestHttp http = instances.get(i % instances.size());
				results.add(executor.submit(() -> {
					go.await();
					return http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key);
				}));
			}
			go.countDown();
			List<HttpResponse<String>> answers = new ArrayList<>();
			for (Future<HttpResponse<String>> result : results) {
				answers.add(result.get(1, TimeUnit.MINUTES));
			}
			return answers;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ConfigurableApplicationContext start(TestRedis redis, String failMode) {
		ConfigurableApplicationContext context = OrdersApplication.start("hardening.redis.url=" + redis.uri(),
				"hardening.redis.reconnect.max-delay=200ms", "hardening.redis.command-timeout=2s",
				"hardening.idempotency.fail-mode=" + failMode, "hardening.idempotency.breaker.open-for=500ms");
		// connected first: this test is about sharing keys, not about the first connection on a loaded machine
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
			.until(() -> "PONG".equals(context.getBean(RedisConnector.class).commands().ping()));
		return context;
	}

}
