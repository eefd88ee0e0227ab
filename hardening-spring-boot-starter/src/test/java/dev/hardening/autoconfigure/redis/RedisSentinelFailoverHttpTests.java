package dev.hardening.autoconfigure.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.TestRedisSentinel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Sentinel failover under HTTP load, through the whole application: a per-address limit and a
 * cached endpoint on a Sentinel-managed Redis, {@code SENTINEL FAILOVER} while four clients keep
 * calling. No request gets a {@code 5xx} (the limit's fail mode is {@code open}, the cache's is a
 * miss), and afterwards the limit's buckets and the cached values are on the new primary.
 */
class RedisSentinelFailoverHttpTests {

	@Test
	void aFailoverUnderLoadAnswersEveryRequestAndEndsOnTheNewPrimary() throws Exception {
		try (TestRedisSentinel sentinel = TestRedisSentinel.start();
				ConfigurableApplicationContext app = start(sentinel)) {
			TestHttp http = new TestHttp(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
			Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
			LongAdder afterDemotion = new LongAdder();
			Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
			AtomicBoolean demoted = new AtomicBoolean();
			AtomicBoolean stop = new AtomicBoolean();
			ExecutorService clients = Executors.newFixedThreadPool(4);
			for (int t = 0; t < 4; t++) {
				int thread = t;
				clients.submit(() -> {
					for (long i = 0; !stop.get(); i++) {
						try {
							int status = http.get("/items/" + ((i + thread) % 20)).statusCode();
							statuses.computeIfAbsent(status, (s) -> new LongAdder()).increment();
							if (demoted.get()) {
								afterDemotion.increment();
							}
						}
						catch (Throwable ex) {
							failures.add(ex);
						}
					}
				});
			}
			await().until(() -> statuses.containsKey(200));
			int before = sentinel.currentPrimaryPort();

			int after = sentinel.failover();
			sentinel.awaitReplicaOf(before, after);
			demoted.set(true);
			// the buckets and values written from now on: on the new primary
			await().atMost(Duration.ofSeconds(60)).until(() -> afterDemotion.sum() >= 200
					&& keys(sentinel, after, "hardening:rate-limit:*") > 0 && keys(sentinel, after, "{*items}*") > 0);
			stop.set(true);
			clients.shutdown();
			assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

			assertThat(failures).isEmpty();
			assertThat(statuses.keySet()).as("statuses answered during the failover").containsOnly(200);
		}
	}

	private static long keys(TestRedisSentinel sentinel, int port, String pattern) {
		List<String> found = sentinel.onNode(port, (connection) -> connection.sync().keys(pattern));
		return found.size();
	}

	private static ConfigurableApplicationContext start(TestRedisSentinel sentinel) {
		String sentinels = String.join(",",
				sentinel.sentinels().stream().map((uri) -> uri.getHost() + ":" + uri.getPort()).toList());
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"hardening.redis.sentinel.master=" + sentinel.masterName(),
					"hardening.redis.sentinel.nodes=" + sentinels, "hardening.redis.reconnect.max-delay=500ms",
					"hardening.rate-limit.fail-mode=open", "hardening.rate-limit.breaker.open-for=500ms",
					"hardening.rate-limit.policies[0].name=per-ip", "hardening.rate-limit.policies[0].paths=/items/**",
					"hardening.rate-limit.policies[0].limits[0].capacity=1000000",
					"hardening.rate-limit.policies[0].limits[0].period=1h", "hardening.cache.caches.items.ttl=1m",
					"hardening.cache.caches.items.l1-ttl=1s")
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	@Import(ItemController.class)
	static class TestApplication {

	}

	@RestController
	static class ItemController {

		@GetMapping("/items/{id}")
		@Cacheable("items")
		public String item(@PathVariable int id) {
			return "item-" + id;
		}

	}

}
