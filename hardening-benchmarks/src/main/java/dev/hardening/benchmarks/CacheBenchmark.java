package dev.hardening.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hardening.autoconfigure.cache.CacheValueTypes;
import dev.hardening.autoconfigure.cache.JacksonValueCodec;
import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.CachedValue;
import dev.hardening.cache.TieredCache;
import dev.hardening.cache.redis.RedisTier;
import dev.hardening.redis.RedisBreaker;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cache hits beside what users would otherwise write: an L1 hit against a raw Caffeine
 * {@code getIfPresent}, and an L2 hit (our Redis tier: breaker, generation, decode) against a raw
 * Lettuce {@code GET} plus the same decode. Misses are in {@link CacheMissStormBenchmark}.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar CacheBenchmark -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CacheBenchmark {

	static final Project PROJECT = new Project(42, "Apollo", "lead@example.com", List.of("space", "moon"));

	private final Callable<Project> loader = () -> PROJECT;

	private TieredCache tiered;

	private Cache<String, Project> caffeine;

	private Cache<String, Project> caffeineWithStats;

	private com.github.benmanes.caffeine.cache.AsyncCache<String, Object> caffeineAsL1;

	private TestRedis redis;

	private RedisConnector connector;

	private RedisTier tier;

	private RedisClusterCommands<String, byte[]> raw;

	private JacksonValueCodec codec;

	private String rawKey;

	@Setup(Level.Trial)
	public void setUp() {
		this.tiered = TieredCache.builder("projects", CacheSpec.builder(Duration.ofHours(1)).build()).build();
		this.tiered.put("42", PROJECT);
		this.caffeine = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
		this.caffeine.put("42", PROJECT);
		this.caffeineWithStats = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfterWrite(Duration.ofHours(1))
			.recordStats()
			.build();
		this.caffeineWithStats.put("42", PROJECT);
		this.caffeineAsL1 = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfter(com.github.benmanes.caffeine.cache.Expiry.<String, Object>creating(
					(key, value) -> Duration.ofHours(1)))
			.recordStats()
			.buildAsync();
		this.caffeineAsL1.put("42", java.util.concurrent.CompletableFuture.completedFuture(PROJECT));

		this.redis = TestRedis.startDedicated();
		this.connector = RedisConnector.create(RedisSettings.builder(this.redis.uri().toString())
			.commandTimeout(Duration.ofSeconds(5))
			.build());
		this.codec = new JacksonValueCodec(JsonMapper.builder().build(), CacheValueTypes.of(Project.class));
		this.tier = RedisTier.create(this.connector, this.codec, "bench", RedisBreaker.create("bench", Duration.ofSeconds(10)));
		this.tier.put("projects", "42", PROJECT, Duration.ofHours(1));
		this.raw = this.connector.binaryCommands();
		this.rawKey = "raw:42";
		this.raw.set(this.rawKey, this.codec.encode(PROJECT));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tier.close();
		this.connector.close();
		this.redis.close();
	}

	@Benchmark
	public Object l1HitHardening() {
		return this.tiered.get("42", this.loader);
	}

	@Benchmark
	public Object l1HitCaffeine() {
		return this.caffeine.getIfPresent("42");
	}

	/**
	 * The raw hit with statistics recorded, as an L1 must for its metrics: the floor for ours.
	 * @return the value
	 */
	@Benchmark
	public Object l1HitCaffeineWithStats() {
		return this.caffeineWithStats.getIfPresent("42");
	}

	/**
	 * The same hit on a Caffeine cache built the direct way to our L1's features: asynchronous, for
	 * single flight, an expiry per entry, for jitter, and statistics recorded. Our L1 keeps those
	 * features on a synchronous cache with one fixed expiry instead; this shows what that saves.
	 * @return the value
	 */
	@Benchmark
	public Object l1HitCaffeineAsL1() {
		java.util.concurrent.CompletableFuture<Object> present = this.caffeineAsL1.getIfPresent("42");
		return (present != null && present.isDone() && !present.isCompletedExceptionally()) ? present.join() : null;
	}

	@Benchmark
	public CachedValue l2HitHardening() {
		return this.tier.get("projects", "42");
	}

	@Benchmark
	public Object l2HitLettuce() {
		return this.codec.decode(this.raw.get(this.rawKey));
	}

	/**
	 * A cached value of the size an API caches.
	 *
	 * @param id the ID
	 * @param name the name
	 * @param owner the owner
	 * @param tags the tags
	 */
	public record Project(long id, String name, String owner, List<String> tags) {
	}

}
