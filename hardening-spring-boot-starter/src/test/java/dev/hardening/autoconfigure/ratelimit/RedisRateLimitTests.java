package dev.hardening.autoconfigure.ratelimit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.ratelimit.FailMode;
import dev.hardening.redis.RedisConnector;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis backend through real servers: two instances of an application share one budget, and
 * each fail mode holds while Redis is down and lets go when it is back.
 */
@ExtendWith(RedisExtension.class)
class RedisRateLimitTests {

	@Test
	void twoInstancesOnOneRedisShareOneBudgetExactly(TestRedis redis) throws Exception {
		try (ConfigurableApplicationContext first = start(redis.uri().toString(), FailMode.CLOSED, 50);
				ConfigurableApplicationContext second = start(redis.uri().toString(), FailMode.CLOSED, 50)) {
			List<TestHttp> instances = List.of(new TestHttp(port(first)), new TestHttp(port(second)));
			// both connected first: this test is about sharing one budget, and with fail-mode closed a
			// request that beats the connection on a loaded machine would be a 503, not a decision
			for (ConfigurableApplicationContext instance : List.of(first, second)) {
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
					.until(() -> "PONG".equals(instance.getBean(RedisConnector.class).commands().ping()));
			}

			List<Integer> statuses = race(instances, 100);

			assertThat(statuses).as("every request is decided by Redis: allowed or limited").allMatch((status) -> status == 200 || status == 429);

			assertThat(statuses.stream().filter((status) -> status == 200).count()).isEqualTo(50);
			assertThat(statuses.stream().filter((status) -> status == 429).count()).isEqualTo(50);
		}
	}

	@ParameterizedTest
	@EnumSource(FailMode.class)
	void eachFailModeHoldsWhileRedisIsDownAndRedisServesAgainWhenItIsBack(FailMode mode) {
		try (TestRedis redis = TestRedis.startDedicated();
				ConfigurableApplicationContext context = start(redis.uri().toString(), mode, 2)) {
			TestHttp http = new TestHttp(port(context));
			// connected first, so that the first decision is Redis's and not already the local fallback's
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
				.until(() -> "PONG".equals(context.getBean(RedisConnector.class).commands().ping()));
			assertThat(http.get("/limited").headers().firstValue("RateLimit")).hasValue("\"per-ip\";r=1;t=1800");
			assertThat(keysIn(redis)).isEqualTo(1);

			redis.stop();

			switch (mode) {
				case OPEN -> {
					HttpResponse<String> allowed = http.get("/limited");
					assertThat(allowed.statusCode()).isEqualTo(200);
					assertThat(allowed.headers().firstValue("RateLimit")).isEmpty();
				}
				case CLOSED -> assertProblem(http.get("/limited"), 503, "SERVICE_UNAVAILABLE");
				case LOCAL -> {
					assertThat(http.get("/limited").statusCode()).isEqualTo(200);
					assertThat(http.get("/limited").statusCode()).isEqualTo(200);
					assertProblem(http.get("/limited"), 429, "RATE_LIMITED");
				}
			}

			redis.start();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				http.get("/limited");
				return keysIn(redis) > 0;
			});
		}
	}

	private static long keysIn(TestRedis redis) {
		RedisClient client = RedisClient.create(redis.redisUri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().keys("hardening:rate-limit:*").size();
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static List<Integer> race(List<TestHttp> instances, int requests) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(32);
		try {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				TestHttp http = instances.get(i % instances.size());
				Callable<Integer> request = () -> {
					go.await();
					return http.get("/limited").statusCode();
				};
				results.add(executor.submit(request));
			}
			go.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> result : results) {
				statuses.add(result.get(1, TimeUnit.MINUTES));
			}
			return statuses;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ConfigurableApplicationContext start(String redisUrl, FailMode mode, int capacity) {
		return new SpringApplicationBuilder(TestApplication.class).properties("server.port=0",
				"spring.main.banner-mode=off", "hardening.redis.url=" + redisUrl,
				"hardening.redis.reconnect.max-delay=200ms", "hardening.rate-limit.fail-mode=" + mode,
				// a loaded machine must not turn a slow answer into a fallback: a stopped server fails at once anyway
				"hardening.redis.command-timeout=2s",
				"hardening.rate-limit.breaker.open-for=500ms", "hardening.rate-limit.policies[0].name=per-ip",
				"hardening.rate-limit.policies[0].paths=/limited",
				"hardening.rate-limit.policies[0].limits[0].capacity=" + capacity,
				"hardening.rate-limit.policies[0].limits[0].period=1h")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(LimitedController.class)
	static class TestApplication {

	}

	@RestController
	static class LimitedController {

		@GetMapping("/limited")
		String limited() {
			return "ok";
		}

	}

}
