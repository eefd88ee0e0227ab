package dev.hardening.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.RateLimiterContractTests;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedisCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis limiter on a real three-primary Redis Cluster: the whole limiter contract, then two
 * instances sharing budgets exactly, and one round trip per decision.
 */
class RedisRateLimiterClusterTests extends RateLimiterContractTests {

	private final TestRedisCluster cluster = TestRedisCluster.shared();

	private RedisConnector connector;

	@BeforeEach
	void connect() {
		this.cluster.flushAll();
		this.connector = connector();
	}

	@AfterEach
	void close() {
		this.connector.close();
	}

	@Override
	protected RateLimiter limiter() {
		return RedisRateLimiter.create(this.connector, "test:rl", this.clock);
	}

	@Test
	void twoInstancesWithManyThreadsEachAdmitExactlyTheSharedCapacityOfEveryKey() throws Exception {
		// a token a day refills: the counts below hold however slowly the calls run (Redis's clock is real)
		RateLimitPolicy policy = RateLimitPolicy.of("shared", 25, Duration.ofDays(1000));
		List<String> keys = IntStream.range(0, 24).mapToObj((i) -> "client-" + i).toList();
		assertThat(keys).extracting((key) -> this.cluster.nodeOfSlot(SlotHash.getSlot("test:rl:shared:" + key)))
			.contains(0, 1, 2);
		try (RedisConnector other = connector()) {
			List<RateLimiter> instances = List.of(RedisRateLimiter.create(this.connector, "test:rl"),
					RedisRateLimiter.create(other, "test:rl"));

			long admitted = race(instances, 8, policy, keys, 10);

			// 2 instances x 8 threads x 10 attempts per key = 160 attempts on each key's 25 tokens
			assertThat(admitted).isEqualTo(25L * keys.size());
		}
	}

	@Test
	void eachDecisionIsOneScriptOnTheNodeOfItsKey() {
		RateLimiter limiter = RedisRateLimiter.create(this.connector, "test:rl");
		RateLimitPolicy policy = RateLimitPolicy.of("trips", 1000, Duration.ofDays(1000));
		for (int i = 0; i < 30; i++) {
			limiter.tryAcquire(policy, "k" + i);
		}
		this.cluster.resetStats();

		for (int i = 0; i < 30; i++) {
			limiter.tryAcquire(policy, "k" + i);
		}

		assertThat(this.cluster.calls("evalsha")).isEqualTo(30);
		assertThat(this.cluster.calls("eval") + this.cluster.calls("multi") + this.cluster.calls("watch")).isZero();
	}

	/** Every thread of every instance starts together and tries every key in turn. */
	private static long race(List<RateLimiter> instances, int threadsEach, RateLimitPolicy policy, List<String> keys,
			int rounds) throws Exception {
		int threads = instances.size() * threadsEach;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Long>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				RateLimiter limiter = instances.get(t % instances.size());
				int offset = t;
				results.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					long admitted = 0;
					for (int round = 0; round < rounds; round++) {
						for (int k = 0; k < keys.size(); k++) {
							String key = keys.get((k + offset) % keys.size());
							if (limiter.tryAcquire(policy, key).allowed()) {
								admitted++;
							}
						}
					}
					return admitted;
				}));
			}
			ready.await(1, TimeUnit.MINUTES);
			go.countDown();
			long admitted = 0;
			for (Future<Long> result : results) {
				admitted += result.get(5, TimeUnit.MINUTES);
			}
			return admitted;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private RedisConnector connector() {
		// these tests are about exact counts, not timeouts: a loaded machine must not fail them at 250 ms
		return RedisConnector.create(
				RedisSettings.cluster(this.cluster.addresses()).commandTimeout(Duration.ofSeconds(10)).build());
	}

}
