package dev.hardening.benchmarks;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.TieredCache;
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
 * A miss storm: every thread asks for the same key at the same moment, and a new key comes
 * every millisecond, as when a hot entry expires. The loader takes 200 µs, like a quick
 * database query. Ours single-flights; the usual hand-written cache ("look, load on a miss, then
 * put") loads once per thread that missed. Each trial logs the loads per key.
 *
 * <pre>
 * java -jar hardening-benchmarks/target/benchmarks.jar CacheMissStormBenchmark -t 16
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class CacheMissStormBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(CacheMissStormBenchmark.class);

	private static final long LOAD_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

	private final LongAdder loads = new LongAdder();

	private final Set<String> keys = ConcurrentHashMap.newKeySet();

	private TieredCache tiered;

	private Cache<String, String> naive;

	@Setup(Level.Iteration)
	public void setUp() {
		this.tiered = TieredCache.builder("storm", CacheSpec.builder(Duration.ofHours(1)).maxSize(100_000).build())
			.build();
		this.naive = Caffeine.newBuilder().maximumSize(100_000).build();
	}

	@TearDown(Level.Trial)
	public void report() {
		logger.info("Loads per key: {} ({} loads for {} keys)",
				String.format("%.2f", (double) this.loads.sum() / this.keys.size()), this.loads.sum(), this.keys.size());
	}

	@Benchmark
	public Object hardening() {
		String key = currentKey();
		return this.tiered.get(key, () -> load(key));
	}

	@Benchmark
	public Object lookLoadPut() {
		String key = currentKey();
		String value = this.naive.getIfPresent(key);
		if (value == null) {
			value = load(key);
			this.naive.put(key, value);
		}
		return value;
	}

	private String currentKey() {
		String key = Long.toString(System.nanoTime() / 1_000_000);
		this.keys.add(key);
		return key;
	}

	private String load(String key) {
		this.loads.increment();
		LockSupport.parkNanos(LOAD_NANOS);
		return "value of " + key;
	}

}
