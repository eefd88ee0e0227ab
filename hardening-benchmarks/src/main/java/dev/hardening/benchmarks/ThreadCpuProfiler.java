package dev.hardening.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation of JMH's worker threads ({@code ThreadMXBean.getThreadCpuTime}), as
 * {@code cpu.time.norm} in µs/op. On a shared, loaded machine the average time per operation
 * counts the time a worker waited for a CPU; this counts only the time it ran. Garbage collection
 * runs on other threads and is not in it ({@code -prof gc}'s {@code gc.alloc.rate.norm} stands for
 * it).
 *
 * <pre>
 * java -jar hardening-benchmarks/target/benchmarks.jar AccessLogBenchmark -prof gc \
 *     -prof dev.hardening.benchmarks.ThreadCpuProfiler
 * </pre>
 */
public final class ThreadCpuProfiler implements InternalProfiler {

	private static final String WORKER = "jmh-worker";

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private Map<Long, Long> before = Map.of();

	@Override
	public String getDescription() {
		return "CPU time per operation of the benchmark threads";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.before = workerCpuNanos();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
			IterationParams iterationParams, IterationResult result) {
		long nanos = 0;
		for (Map.Entry<Long, Long> worker : workerCpuNanos().entrySet()) {
			nanos += worker.getValue() - this.before.getOrDefault(worker.getKey(), 0L);
		}
		long ops = result.getMetadata().getAllOps();
		double micros = (ops > 0) ? nanos / 1000.0 / ops : Double.NaN;
		return List.of(new ScalarResult("cpu.time.norm", micros, "us/op", AggregationPolicy.AVG));
	}

	private Map<Long, Long> workerCpuNanos() {
		Map<Long, Long> cpu = new HashMap<>();
		for (ThreadInfo info : this.threads.getThreadInfo(this.threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().contains(WORKER)) {
				long nanos = this.threads.getThreadCpuTime(info.getThreadId());
				if (nanos >= 0) {
					cpu.put(info.getThreadId(), nanos);
				}
			}
		}
		return cpu;
	}

}
