package dev.hardening.cache.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.TieredCache;
import dev.hardening.cache.redis.RedisTierTests.Instance;
import dev.hardening.test.FaultProxy;
import dev.hardening.test.TestRedis;
import io.lettuce.core.KillArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared tier when Redis crashes, hangs or drops the subscription: the cache gets slower,
 * never wrong for longer than it must, and never throws.
 */
class RedisTierFaultTests {

	private final CacheSpec spec = CacheSpec.builder(Duration.ofMinutes(1)).jitter(0).build();

	private final AtomicInteger loads = new AtomicInteger();

	private TestRedis redis;

	private FaultProxy proxyOfA;

	private Instance a;

	private Instance b;

	@BeforeEach
	void start() {
		this.redis = TestRedis.startDedicated();
		this.proxyOfA = FaultProxy.start("127.0.0.1", this.redis.port());
		this.a = new Instance("redis://127.0.0.1:" + this.proxyOfA.port(), this.spec);
		this.b = new Instance(this.redis.uri().toString(), this.spec);
	}

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
		this.proxyOfA.close();
		this.redis.close();
	}

	@Test
	void whileRedisIsDownReadsFallBackToTheLoaderAndNothingThrowsThenTheTierResumes() {
		this.b.cache.get("before", load("v"));
		this.redis.stop();

		for (int i = 0; i < 20; i++) {
			assertThat(this.b.cache.get("during" + i, load("loaded"))).isEqualTo("loaded");
			this.b.cache.put("written" + i, "x");
			this.b.cache.evict("before");
		}
		this.b.cache.clear();
		assertThat(this.b.cache.get("during0", load("again"))).isEqualTo("again");

		this.redis.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.a.cache.put("after", "shared");
			return "shared".equals(this.b.cache.get("after", load("not from redis")));
		});
	}

	@Test
	void aChangeTheTierCouldNotWriteIsAppliedWhenRedisAnswersAgain() {
		this.a.cache.get("k", load("v1"));
		this.b.cache.get("k", load("v1"));
		this.proxyOfA.refuse();

		this.a.cache.put("k", "v2");
		assertThat(this.b.cache.get("k", load("v3"))).as("B has not heard of it yet").isEqualTo("v1");

		this.proxyOfA.heal();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			// any command that reaches Redis applies what is pending
			this.a.cache.get("other", load("x"));
			return !"v1".equals(this.b.cache.get("k", load("v3")));
		});
	}

	@Test
	void aLostSubscriptionEmptiesTheLocalCacheOnceItIsBack() {
		// the first subscription also empties the local cache: fill it only once that is done
		this.b.cache.get("first", load("v"));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.b.tier.subscriptions() >= 1);
		for (int i = 0; i < 10; i++) {
			this.b.cache.get("k" + i, load("v"));
		}
		TieredCache cache = this.b.cache;
		assertThat(cache.local().asMap()).containsKey("k9");

		this.b.connector.commands().clientKill(KillArgs.Builder.typePubsub());

		await().atMost(Duration.ofSeconds(30)).until(() -> this.b.tier.subscriptions() >= 2);
		assertThat(cache.local().asMap()).isEmpty();
	}

	@Test
	void anInstanceThatMissedAClearWhileItsSubscriptionWasDownServesNoOldValueOnceResubscribed() throws Exception {
		Map<String, String> database = new ConcurrentHashMap<>();
		for (int i = 0; i < 20; i++) {
			String key = "k" + i;
			database.put(key, "v1");
			this.a.cache.get(key, () -> database.get(key));
		}
		AtomicBoolean reading = new AtomicBoolean(true);
		Thread reader = new Thread(() -> {
			// mid-run: A keeps serving (and loading) the keys throughout
			while (reading.get()) {
				for (int i = 0; i < 20; i++) {
					String key = "k" + i;
					this.a.cache.get(key, () -> database.get(key));
				}
			}
		});
		reader.start();
		try {
			RedisClusterCommands<String, String> admin = this.b.connector.commands();
			long receivedBefore = this.a.tier.stats("projects").invalidationsReceived();

			admin.clientKill(KillArgs.Builder.typePubsub());
			database.replaceAll((key, value) -> "v2");
			this.b.cache.clear();

			// A is back once it has heard something B published after it resubscribed
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				if (admin.pubsubNumsub("test:cache:invalidations").get("test:cache:invalidations") < 2) {
					return false;
				}
				this.b.cache.evict("probe");
				return this.a.tier.stats("projects").invalidationsReceived() > receivedBefore;
			});
			for (int i = 0; i < 20; i++) {
				String key = "k" + i;
				assertThat(this.a.cache.get(key, () -> database.get(key))).as(key).isEqualTo("v2");
			}
		}
		finally {
			reading.set(false);
			reader.join();
		}
	}

	private java.util.concurrent.Callable<String> load(String value) {
		return () -> {
			this.loads.incrementAndGet();
			return value;
		};
	}

}
