package dev.hardening.autoconfigure.web;

import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.apache.catalina.connector.Response;
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
 * The security headers' own step, alone: the {@code api} profile's headers that a real Tomcat
 * response lacks (it has the request ID and a {@code Vary}, as a response of the starter's chain
 * has by then), added beneath a plain wrapper, as {@code SecurityHeadersFilter} adds them when the
 * response commits; then the response recycled for the next. No server, no filter, no output.
 *
 * <pre>
 * java -jar hardening-benchmarks/target/benchmarks.jar SecurityHeadersProfileBenchmark -f 1 -wi 4 -i 8 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class SecurityHeadersProfileBenchmark {

	private final SecurityHeaders.Profile profile = SecurityHeaders.of(new SecurityHeadersProperties()).api();

	private org.apache.coyote.Response coyote;

	private HttpServletResponse response;

	@Setup
	public void setUp() {
		this.coyote = new org.apache.coyote.Response();
		this.response = new HttpServletResponseWrapper(new Response(this.coyote).getResponse());
	}

	@Benchmark
	public int addMissing() {
		this.response.setHeader("X-Request-ID", "01a24137-2724-7f02-afa0-343ae0a04dc6");
		this.response.addHeader("Vary", "Origin");
		this.profile.addMissing(this.response);
		int count = this.coyote.getMimeHeaders().size();
		this.coyote.recycle();
		return count;
	}

}
