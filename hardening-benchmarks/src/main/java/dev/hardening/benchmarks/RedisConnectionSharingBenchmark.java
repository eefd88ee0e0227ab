package dev.hardening.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.redis.RedisRateLimiter;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedis;
import org.jspecify.annotations.Nullable;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether limiter decisions gain from a connection of their own (issue 18). The Redis rate
 * limiter runs its script on {@link RedisConnector#commands()}; the cache tier and the
 * idempotency store read their values through {@link RedisConnector#binaryCommands()}, a second
 * multiplexed connection. This measures one thread's decisions on a hot key (a capacity and
 * period large enough that every call is allowed) while a background thread, started with the
 * trial and stopped after it, reads one large value over and over:
 * <ul>
 * <li>{@code load=none}: no background reads, the floor;</li>
 * <li>{@code load=other}: the reads go through {@code binaryCommands()}, as the cache's do: the
 * large replies travel on a connection the limiter does not use;</li>
 * <li>{@code load=same}: the reads go through {@code commands()} (a String value), so the large
 * replies share the limiter's connection, as they would if every backend used one connection.</li>
 * </ul>
 * Lettuce sends a connection's commands in order and Redis answers them in order, so on a shared
 * connection a decision's reply waits behind any large reply queued before it. The trial fails if
 * a decision is rejected or a background read fails; its end logs how many background reads were
 * made and how many bytes they carried.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar RedisConnectionSharingBenchmark -prof gc
 * java -jar hardening-benchmarks/target/benchmarks.jar RedisConnectionSharingBenchmark -bm sample
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisConnectionSharingBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(RedisConnectionSharingBenchmark.class);

	private static final long CAPACITY = 1_000_000_000L;

	private static final Duration PERIOD = Duration.ofSeconds(1000);

	private static final String VALUE_KEY = "load:value";

	/** Where the background reads go: {@code none}, {@code other} (the binary connection) or {@code same}. */
	@Param({ "none", "other", "same" })
	public String load;

	/** The size of the value the background thread reads: {@code 64KB} or {@code 512KB}. */
	@Param({ "64KB", "512KB" })
	public String valueSize;

	private final RateLimitPolicy policy = RateLimitPolicy.of("bench", CAPACITY, PERIOD);

	private final LongAdder rejected = new LongAdder();

	private final LongAdder reads = new LongAdder();

	private final LongAdder bytesRead = new LongAdder();

	private final AtomicReference<Throwable> loadFailure = new AtomicReference<>();

	private volatile boolean loading;

	private TestRedis redis;

	private RedisConnector connector;

	private RedisRateLimiter limiter;

	private @Nullable Thread loader;

	private long loadStartNanos;

	@Setup(Level.Trial)
	public void setUp() {
		this.redis = TestRedis.startDedicated();
		this.connector = RedisConnector.create(RedisSettings.builder(this.redis.uri().toString())
			.commandTimeout(Duration.ofSeconds(5))
			.build());
		this.limiter = RedisRateLimiter.create(this.connector, "bench");
		int size = bytes(this.valueSize);
		// ASCII, so the String read through commands() has as many characters as the value has bytes
		this.connector.commands().set(VALUE_KEY, "x".repeat(size));
		// both connections up before the first measured decision
		this.connector.binaryCommands().strlen(VALUE_KEY);
		Runnable read = switch (this.load) {
			case "none" -> null;
			case "other" -> () -> this.bytesRead.add(this.connector.binaryCommands().get(VALUE_KEY).length);
			case "same" -> () -> this.bytesRead.add(this.connector.commands().get(VALUE_KEY).length());
			default -> throw new IllegalArgumentException("Unknown load " + this.load);
		};
		if (read != null) {
			this.loading = true;
			this.loader = new Thread(() -> readWhileLoading(read), "background-reads");
			this.loader.setDaemon(true);
			this.loadStartNanos = System.nanoTime();
			this.loader.start();
		}
	}

	private void readWhileLoading(Runnable read) {
		try {
			while (this.loading) {
				read.run();
				this.reads.increment();
			}
		}
		catch (Throwable ex) {
			this.loadFailure.set(ex);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		try {
			if (this.loader != null) {
				this.loading = false;
				this.loader.join();
				double seconds = (System.nanoTime() - this.loadStartNanos) / 1e9;
				logger.info("Background reads ({} through {}): {} in {} s, {}/s, {} MB/s", this.valueSize,
						this.load.equals("same") ? "commands()" : "binaryCommands()", this.reads.sum(),
						String.format("%.1f", seconds), String.format("%.0f", this.reads.sum() / seconds),
						String.format("%.1f", this.bytesRead.sum() / seconds / 1_000_000));
			}
		}
		finally {
			this.connector.close();
			this.redis.close();
		}
		if (this.loadFailure.get() != null) {
			throw new IllegalStateException("The background reads failed", this.loadFailure.get());
		}
		if (this.rejected.sum() > 0) {
			throw new IllegalStateException(this.rejected.sum() + " decisions were rejected; the capacity is meant "
					+ "to allow every one");
		}
	}

	@Benchmark
	public RateLimitDecision decision() {
		RateLimitDecision decision = this.limiter.tryAcquire(this.policy, "hot");
		if (!decision.allowed()) {
			this.rejected.increment();
		}
		return decision;
	}

	private static int bytes(String size) {
		if (!size.endsWith("KB")) {
			throw new IllegalArgumentException("Sizes are given in KB, not " + size);
		}
		return Integer.parseInt(size.substring(0, size.length() - 2)) * 1024;
	}

}
