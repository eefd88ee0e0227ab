package dev.hardening.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.CachedValue;
import dev.hardening.cache.StringCodec;
import dev.hardening.cache.TieredCache;
import dev.hardening.cache.ValueCodec;
import dev.hardening.redis.RedisBreaker;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances, each with its own connection, tier and local cache, on one real Redis.
 */
@ExtendWith(RedisExtension.class)
class RedisTierTests {

	private final TestRedis redis;

	private final AtomicInteger loads = new AtomicInteger();

	private Instance a;

	private Instance b;

	RedisTierTests(TestRedis redis) {
		this.redis = redis;
	}

	@BeforeEach
	void start() {
		this.redis.flush();
		this.a = new Instance(this.redis.uri().toString(), CacheSpec.builder(Duration.ofMinutes(1)).jitter(0).build());
		this.b = new Instance(this.redis.uri().toString(), CacheSpec.builder(Duration.ofMinutes(1)).jitter(0).build());
	}

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
	}

	@Test
	void aValueLoadedByOneInstanceIsServedToTheOtherFromRedis() {
		assertThat(this.a.cache.get("k", load("v"))).isEqualTo("v");

		assertThat(this.b.cache.get("k", load("other"))).isEqualTo("v");
		assertThat(this.loads).hasValue(1);
		assertThat(this.b.tier.stats("projects").hits()).isEqualTo(1);
	}

	@Test
	void aPutOnOneInstanceIsSeenByTheOthersNextRead() {
		this.a.cache.get("k", load("v1"));
		this.b.cache.get("k", load("v1"));

		this.a.cache.put("k", "v2");

		await().until(() -> "v2".equals(value(this.b.cache.getIfPresent("k"))));
		assertThat(this.b.tier.stats("projects").invalidationsReceived()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void anEvictOnOneInstanceReachesTheOther() {
		this.a.cache.get("k", load("v1"));
		this.b.cache.get("k", load("v1"));

		this.a.cache.evict("k");

		await().until(() -> this.b.cache.getIfPresent("k") == null);
	}

	@Test
	void clearEmptiesTheCacheForEveryInstanceWithOneCommandWhateverItsSize() {
		for (int i = 0; i < 100; i++) {
			this.a.cache.get("k" + i, load("v"));
			this.b.cache.get("k" + i, load("v"));
		}
		RedisClusterCommands<String, String> admin = this.a.connector.commands();
		admin.configResetstat();

		this.a.cache.clear();

		Map<String, Long> calls = commandCalls(admin.info("commandstats"));
		assertThat(calls).containsEntry("incr", 1L).containsEntry("publish", 1L)
			.doesNotContainKeys("keys", "scan", "del", "unlink", "flushdb");
		await().until(() -> this.b.cache.local().estimatedSize() == 0);
		assertThat(this.b.cache.get("k1", load("fresh"))).isEqualTo("fresh");
	}

	@Test
	void sharedValuesExpireWithTheirTtl() {
		this.a.cache.get("k", load("v"));

		RedisClusterCommands<String, String> admin = this.a.connector.commands();
		assertThat(admin.pttl("{test:cache:projects}:v:k")).isBetween(1L, 60_000L);
	}

	@Test
	void anUndecodableValueIsDeletedAndReplacedByAFreshLoad() {
		this.a.cache.get("k", load("v"));
		RedisClusterCommands<String, byte[]> raw = this.a.connector.binaryCommands();
		String key = "{test:cache:projects}:v:k";
		raw.set(key, "0:{not written by this codec".getBytes(StandardCharsets.UTF_8));

		assertThat(this.b.cache.get("k", load("fresh"))).isEqualTo("fresh");

		byte[] stored = raw.get(key);
		assertThat(new String(stored, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("0:");
		assertThat(new StringCodec().decode(Arrays.copyOfRange(stored, 2, stored.length))).isEqualTo("fresh");
		assertThat(this.b.tier.stats("projects").undecodable()).isEqualTo(1);
	}

	@Test
	void nullResultsReachRedisOnlyWhenNullsAreCached() {
		try (Instance negative = new Instance(this.redis.uri().toString(),
				CacheSpec.builder(Duration.ofMinutes(1)).nullTtl(Duration.ofSeconds(10)).build())) {
			this.a.cache.get("plain", load(null));
			negative.cache.get("negative", load(null));

			RedisClusterCommands<String, String> admin = this.a.connector.commands();
			assertThat(admin.exists("{test:cache:projects}:v:plain")).isZero();
			assertThat(admin.exists("{test:cache:projects}:v:negative")).isOne();
			assertThat(this.b.cache.getIfPresent("negative")).isEqualTo(new CachedValue(null));
		}
	}

	private Callable<String> load(String value) {
		return () -> {
			this.loads.incrementAndGet();
			return value;
		};
	}

	private static Object value(CachedValue cached) {
		return (cached != null) ? cached.value() : null;
	}

	static Map<String, Long> commandCalls(String commandStats) {
		Map<String, Long> calls = new HashMap<>();
		for (String line : commandStats.split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				calls.put(name, Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))));
			}
		}
		return calls;
	}

	/** One application instance: its connection, its tier, its local cache. */
	static final class Instance implements AutoCloseable {

		final RedisConnector connector;

		final RedisTier tier;

		final TieredCache cache;

		Instance(String url, CacheSpec spec) {
			this(url, "test:cache", spec);
		}

		Instance(String url, String prefix, CacheSpec spec) {
			this(url, prefix, spec, (builder) -> builder.executor(Runnable::run));
		}

		Instance(String url, String prefix, CacheSpec spec, Consumer<TieredCache.Builder> customizer) {
			this(url, prefix, spec, customizer, new StringCodec(), (settings) -> {
			});
		}

		Instance(String url, String prefix, CacheSpec spec, Consumer<TieredCache.Builder> customizer,
				ValueCodec codec, Consumer<RedisSettings.Builder> settings) {
			this(RedisSettings.builder(url), prefix, spec, customizer, codec, settings);
		}

		Instance(RedisSettings.Builder builder, String prefix, CacheSpec spec) {
			this(builder, prefix, spec, (cache) -> cache.executor(Runnable::run), new StringCodec(), (settings) -> {
			});
		}

		private Instance(RedisSettings.Builder builder, String prefix, CacheSpec spec,
				Consumer<TieredCache.Builder> customizer, ValueCodec codec, Consumer<RedisSettings.Builder> settings) {
			builder.reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200));
			settings.accept(builder);
			this.connector = RedisConnector.create(builder.build());
			this.tier = RedisTier.create(this.connector, codec, prefix,
					RedisBreaker.create("cache", Duration.ofMillis(500)));
			TieredCache.Builder cache = TieredCache.builder("projects", spec).remote(this.tier);
			customizer.accept(cache);
			this.cache = cache.build();
		}

		@Override
		public void close() {
			this.tier.close();
			this.connector.close();
		}

	}

}
