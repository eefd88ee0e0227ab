package dev.hardening.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import io.github.bucket4j.Bucket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our local decision against raw Bucket4j: one bucket's {@code tryConsume} for a hot key, and the
 * map of buckets users write for distinct keys ({@code ConcurrentHashMap.computeIfAbsent}, which
 * grows without bound). Capacities are so large that every call is allowed: this measures the
 * cost of a decision, not of a rejection.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar LocalRateLimiterBenchmark -t 1
 * java -jar hardening-benchmarks/target/benchmarks.jar LocalRateLimiterBenchmark -t 16
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LocalRateLimiterBenchmark {

	private static final long CAPACITY = 1_000_000_000L;

	private static final Duration PERIOD = Duration.ofSeconds(1000);

	private final RateLimitPolicy policy = RateLimitPolicy.of("bench", CAPACITY, PERIOD);

	private RateLimiter ours;

	private Bucket hotBucket;

	private Map<String, Bucket> bucketsByKey;

	@Setup
	public void setUp() {
		this.ours = RateLimiter.local(1_000_000);
		this.hotBucket = newBucket();
		this.bucketsByKey = new ConcurrentHashMap<>();
	}

	@Benchmark
	public RateLimitDecision hardening(Keys keys) {
		return this.ours.tryAcquire(this.policy, keys.next());
	}

	@Benchmark
	public boolean bucket4j(Keys keys, KeyMode mode) {
		Bucket bucket = mode.hot() ? this.hotBucket
				: this.bucketsByKey.computeIfAbsent(keys.next(), (key) -> newBucket());
		return bucket.tryConsume(1);
	}

	private static Bucket newBucket() {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(CAPACITY).refillGreedy(CAPACITY, PERIOD))
			.build();
	}

}
