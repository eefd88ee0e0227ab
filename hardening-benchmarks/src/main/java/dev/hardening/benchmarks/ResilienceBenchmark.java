package dev.hardening.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.hardening.resilience.ResilienceConfig;
import dev.hardening.resilience.ResiliencePolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The overhead of a successful call under a policy: the bare call, our policy (breaker, retry
 * budget, classification), the same with a per-attempt timeout (each attempt on another thread),
 * and a raw Resilience4j {@code Retry} around a {@code CircuitBreaker}, the decoration users
 * write by hand. The call itself is a few nanoseconds of work, so what is measured is the
 * wrapping.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar ResilienceBenchmark -t 1
 * java -jar hardening-benchmarks/target/benchmarks.jar ResilienceBenchmark -t 16
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ResilienceBenchmark {

	private ResiliencePolicy policy;

	private ResiliencePolicy timedPolicy;

	private Supplier<Integer> resilience4j;

	private final Supplier<Integer> call = () -> {
		Blackhole.consumeCPU(10);
		return 1;
	};

	@Setup
	public void setUp() {
		ResilienceConfig config = ResilienceConfig.ofDefaults();
		this.policy = ResiliencePolicy.of("bench", config);
		this.timedPolicy = ResiliencePolicy.of("bench-timed",
				ResilienceConfig.from(config).timeout(Duration.ofSeconds(10)).build());
		CircuitBreaker breaker = CircuitBreaker.of("bench", CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(20)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.build());
		Retry retry = Retry.of("bench", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(100)).build());
		this.resilience4j = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, this.call));
	}

	@Benchmark
	public Integer bare() {
		return this.call.get();
	}

	@Benchmark
	public Integer policy() {
		return this.policy.execute(this.call);
	}

	@Benchmark
	public Integer policyWithTimeout() {
		return this.timedPolicy.execute(this.call);
	}

	@Benchmark
	public Integer resilience4jRetryAndBreaker() {
		return this.resilience4j.get();
	}

}
