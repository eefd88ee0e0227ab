package dev.hardening.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.redis.RedisRateLimiter;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedis;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our Redis decision against Bucket4j's Lettuce proxy manager (compare-and-swap) and against a
 * sorted-set sliding window written the usual way (MULTI, ZREMRANGEBYSCORE, ZADD, ZCARD,
 * PEXPIRE, EXEC). Each trial runs against a fresh embedded redis-server on this machine and
 * reports, from {@code INFO commandstats}, the Redis commands each decision cost.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar RedisRateLimiterBenchmark -t 1
 * java -jar hardening-benchmarks/target/benchmarks.jar RedisRateLimiterBenchmark -t 16
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisRateLimiterBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(RedisRateLimiterBenchmark.class);

	private static final long CAPACITY = 1_000_000_000L;

	private static final Duration PERIOD = Duration.ofSeconds(1000);

	private static final long WINDOW_MILLIS = 60_000;

	private final RateLimitPolicy policy = RateLimitPolicy.of("bench", CAPACITY, PERIOD);

	private final BucketConfiguration bucketConfiguration = BucketConfiguration.builder()
		.addLimit((limit) -> limit.capacity(CAPACITY).refillGreedy(CAPACITY, PERIOD))
		.build();

	private final LongAdder decisions = new LongAdder();

	private TestRedis redis;

	private RedisConnector connector;

	private RateLimiter ours;

	private RedisClient client;

	private ProxyManager<byte[]> bucket4j;

	private StatefulRedisConnection<String, String> admin;

	@Setup(Level.Trial)
	public void setUp() {
		this.redis = TestRedis.startDedicated();
		this.connector = RedisConnector.create(RedisSettings.builder(this.redis.uri().toString())
			.commandTimeout(Duration.ofSeconds(5))
			.build());
		this.ours = RedisRateLimiter.create(this.connector, "bench");
		this.client = RedisClient.create(this.redis.redisUri());
		StatefulRedisConnection<byte[], byte[]> bytes = this.client.connect(ByteArrayCodec.INSTANCE);
		this.bucket4j = Bucket4jLettuce.casBasedBuilder(bytes)
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
			.build();
		this.admin = this.client.connect(StringCodec.UTF8);
		this.admin.sync().configResetstat();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		Map<String, Long> calls = commandCalls(this.admin.sync().info("commandstats"));
		long total = calls.values().stream().mapToLong(Long::longValue).sum();
		long decisions = this.decisions.sum();
		logger.info("Redis commands per decision: {} ({} commands for {} decisions: {})",
				String.format("%.2f", (double) total / decisions), total, decisions, calls);
		this.admin.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.connector.close();
		this.redis.close();
	}

	@Benchmark
	public RateLimitDecision hardening(Keys keys) {
		this.decisions.increment();
		return this.ours.tryAcquire(this.policy, keys.next());
	}

	@Benchmark
	public boolean bucket4jProxyManager(Keys keys) {
		this.decisions.increment();
		return this.bucket4j.builder()
			.build(keys.next().getBytes(StandardCharsets.UTF_8), () -> this.bucketConfiguration)
			.tryConsume(1);
	}

	@Benchmark
	public boolean sortedSetWindow(Keys keys, WindowConnection connection) {
		this.decisions.increment();
		String key = "window:" + keys.next();
		long now = System.currentTimeMillis();
		String member = now + "-" + ThreadLocalRandom.current().nextLong();
		RedisCommands<String, String> redis = connection.commands;
		redis.multi();
		redis.zremrangebyscore(key, 0, now - WINDOW_MILLIS);
		redis.zadd(key, now, member);
		redis.zcard(key);
		redis.pexpire(key, WINDOW_MILLIS);
		TransactionResult result = redis.exec();
		return (Long) result.get(2) <= CAPACITY;
	}

	/**
	 * MULTI holds a connection for the transaction, so the usual code takes one from a pool per
	 * call; here each thread has its own, the best case for that code.
	 */
	@State(Scope.Thread)
	public static class WindowConnection {

		private RedisClient client;

		private StatefulRedisConnection<String, String> connection;

		RedisCommands<String, String> commands;

		@Setup(Level.Trial)
		public void connect(RedisRateLimiterBenchmark benchmark) {
			this.client = RedisClient.create(benchmark.redis.redisUri());
			this.connection = this.client.connect(StringCodec.UTF8);
			this.commands = this.connection.sync();
		}

		@TearDown(Level.Trial)
		public void close() {
			this.connection.close();
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}

	}

	private static Map<String, Long> commandCalls(String commandStats) {
		Map<String, Long> calls = new TreeMap<>();
		for (String line : commandStats.split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				long count = Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',')));
				if (!List.of("config", "info", "client", "hello", "ping").contains(name)) {
					calls.put(name, count);
				}
			}
		}
		return calls;
	}


}
