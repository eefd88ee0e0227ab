package dev.hardening.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.web.AllowedHosts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The host check of one request against a list of five allowed hosts, for {@code Host} values as
 * clients send them: a name as listed, with a port, in capitals, under a wildcard, an IPv4
 * address with a port, and one that is not allowed. With {@code -prof gc}, the bytes a check
 * allocates.
 *
 * <pre>
 * ./mvnw -o -q package -pl hardening-benchmarks -am -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar AllowedHostsBenchmark -t 1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AllowedHostsBenchmark {

	@Param({ "localhost", "localhost:8080", "API.Example.COM", "eu.apps.example.com:443", "10.0.0.7:8080",
			"evil.example" })
	public String host;

	private AllowedHosts hosts;

	@Setup
	public void setUp() {
		this.hosts = AllowedHosts.of(List.of("localhost", "api.example.com", "*.apps.example.com", "10.0.0.7", "[::1]"));
	}

	@Benchmark
	public boolean allows() {
		return this.hosts.allows(this.host);
	}

}
