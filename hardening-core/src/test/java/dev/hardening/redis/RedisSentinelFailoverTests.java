package dev.hardening.redis;

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

import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.StringCodec;
import dev.hardening.cache.TieredCache;
import dev.hardening.cache.redis.RedisTier;
import dev.hardening.ratelimit.FailMode;
import dev.hardening.ratelimit.FailoverRateLimiter;
import dev.hardening.ratelimit.RateLimitDecision.Source;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.redis.RedisRateLimiter;
import dev.hardening.test.TestRedisSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector on a real Sentinel deployment (a primary, a replica, three sentinels): it finds
 * the primary through the sentinels, and a failover under a load of limiter decisions and cache
 * reads costs only the configured fail mode, then both work on the new primary without a restart;
 * a write the replica acknowledged before survives it, and the demoted primary replicates the new
 * one. (These are also the proof of {@link TestRedisSentinel#failover()} and
 * {@link TestRedisSentinel#awaitReplicaOf(int, int)}.)
 */
class RedisSentinelFailoverTests {

	private static TestRedisSentinel sentinel;

	@BeforeAll
	static void start() {
		sentinel = TestRedisSentinel.start();
	}

	@AfterAll
	static void stop() {
		sentinel.close();
	}

	@Test
	void findsThePrimaryThroughTheSentinels() {
		try (RedisConnector connector = RedisConnector.create(settings())) {
			connector.commands().set("sentinel:found", "yes");

			RedisProbe.RedisStatus status = new RedisProbe(connector).probe();
			assertThat(status.topology()).isEqualTo(RedisSettings.Topology.SENTINEL);
			assertThat(status.role()).isEqualTo("master");
			assertThat(status.runId()).isEqualTo(runIdOf(sentinel.currentPrimaryPort()));
			String written = sentinel.onNode(sentinel.currentPrimaryPort(), (c) -> c.sync().get("sentinel:found"));
			assertThat(written).isEqualTo("yes");
		}
	}

	@Test
	void aFailoverUnderLoadCostsOnlyTheFailModeAndServiceResumesOnTheNewPrimary() throws Exception {
		RateLimitPolicy policy = RateLimitPolicy.of("failover", 1_000_000, Duration.ofMinutes(1));
		try (RedisConnector connector = RedisConnector.create(settings());
				RedisTier tier = RedisTier.create(connector, new StringCodec(), "failover",
						RedisBreaker.create("cache", Duration.ofMillis(500)))) {
			FailoverRateLimiter limiter = FailoverRateLimiter.of(RedisRateLimiter.create(connector, "failover:rl"),
					FailMode.OPEN, null, FailoverRateLimiter.defaultBreaker("redis", Duration.ofMillis(500)));
			TieredCache cache = TieredCache.builder("projects", CacheSpec.builder(Duration.ofMinutes(1)).build())
				.remote(tier)
				.build();
			Map<Source, LongAdder> sources = new ConcurrentHashMap<>();
			LongAdder backendAfterFailover = new LongAdder();
			Queue<Throwable> escaped = new ConcurrentLinkedQueue<>();
			AtomicBoolean failedOver = new AtomicBoolean();
			AtomicBoolean stop = new AtomicBoolean();
			ExecutorService load = Executors.newFixedThreadPool(4);
			for (int t = 0; t < 4; t++) {
				int thread = t;
				load.submit(() -> {
					for (long i = 0; !stop.get(); i++) {
						try {
							Source source = limiter.tryAcquire(policy, "client-" + (i % 10)).source();
							sources.computeIfAbsent(source, (s) -> new LongAdder()).increment();
							if (source == Source.BACKEND && failedOver.get()) {
								backendAfterFailover.increment();
							}
							String key = "k" + ((i + thread) % 20);
							assertThat(cache.get(key, () -> "v-" + key)).isEqualTo("v-" + key);
							if (i % 50 == 0) {
								// writes too, so that a write reaching the demoted primary would show
								cache.evict(key);
							}
						}
						catch (Throwable ex) {
							escaped.add(ex);
						}
					}
				});
			}
			await().until(() -> sources.containsKey(Source.BACKEND));
			int before = sentinel.currentPrimaryPort();
			// a write the replica acknowledged (WAIT) before the failover survives it
			connector.commands().set("sentinel:before-failover", "written");
			assertThat(connector.commands().waitForReplication(1, 10_000)).isEqualTo(1);

			int after = sentinel.failover();
			// until the sentinels demote it, the old primary still takes writes (and loses them when it
			// follows the new one): count from the moment it is a replica
			sentinel.awaitReplicaOf(before, after);
			failedOver.set(true);

			await().atMost(Duration.ofSeconds(60)).until(() -> backendAfterFailover.sum() >= 200);
			long hits = tier.stats("projects").hits();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> tier.stats("projects").hits() > hits || cache.local().estimatedSize() > 0);
			stop.set(true);
			load.shutdown();
			assertThat(load.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

			assertThat(after).isNotEqualTo(before);
			assertThat(escaped).as("exceptions that reached the callers").isEmpty();
			assertThat(sources.keySet()).as("decisions are Redis's or the fail mode's").isSubsetOf(Source.BACKEND,
					Source.FAIL_OPEN);
			assertThat(new RedisProbe(connector).probe().runId()).isEqualTo(runIdOf(after));
			cache.put("written-after", "yes");
			Long written = sentinel.onNode(after, (c) -> c.sync().exists("{failover:projects}:v:written-after"));
			assertThat(written).isOne();
			String acknowledged = sentinel.onNode(after, (c) -> c.sync().get("sentinel:before-failover"));
			assertThat(acknowledged).isEqualTo("written");
			// and the demoted primary follows the new one: it replicates what was written there
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptionsInstanceOf(io.lettuce.core.RedisException.class)
				.until(() -> {
					Long replicated = sentinel.onNode(before, (c) -> c.sync().exists("{failover:projects}:v:written-after"));
					return replicated == 1;
				});
			assertThat(limiter.tryAcquire(policy, "after").source()).isEqualTo(Source.BACKEND);
		}
	}

	private static String runIdOf(int port) {
		return RedisProbeTests.runId(sentinel.onNode(port, (node) -> node.sync().info("server")));
	}

	private static RedisSettings settings() {
		List<String> sentinels = sentinel.sentinels()
			.stream()
			.map((uri) -> uri.getHost() + ":" + uri.getPort())
			.toList();
		return RedisSettings.sentinel(sentinel.masterName(), sentinels)
			.reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(500))
			.build();
	}

}
