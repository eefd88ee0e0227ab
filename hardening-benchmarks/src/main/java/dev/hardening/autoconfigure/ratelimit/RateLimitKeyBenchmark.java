package dev.hardening.autoconfigure.ratelimit;

import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.web.TrustedProxies;
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

import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The key of the per-IP policy ({@code key: ip}, an IPv6 client by its /64), as the rate-limit
 * filter asks for it on every request, for an IPv4 and an IPv6 client connecting directly.
 *
 * <pre>
 * java -jar hardening-benchmarks/target/benchmarks.jar RateLimitKeyBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RateLimitKeyBenchmark {

	@Param({ "203.0.113.9", "2001:db8:85a3::8a2e:370:7334" })
	public String client;

	private RateLimitKeyResolver ip;

	private MockHttpServletRequest request;

	@Setup
	public void setUp() {
		this.ip = KeyResolvers.ip(new ClientAddressResolver(TrustedProxies.none()), 64);
		this.request = new MockHttpServletRequest("GET", "/projects");
		this.request.setRemoteAddr(this.client);
	}

	@Benchmark
	public String ipKey() {
		return this.ip.resolve(this.request);
	}

}
