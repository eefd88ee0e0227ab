package dev.hardening.autoconfigure.deadline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.deadline.DeadlineProperties.AcceptFrom;
import dev.hardening.web.TrustedProxies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
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

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What a request deadline costs a request that makes no outbound call: the deadline filter with no
 * budget configured ({@code unconfigured}), with a default timeout ({@code timeout}), with a route
 * that matches ({@code route}), each around a chain that checks the deadline once, as a handler
 * would; {@code bare} is the chain alone. Requests and responses are reused; the filter's own
 * "already filtered" attribute is removed after each operation, as a new request would not have it.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -o -q package -pl hardening-benchmarks -am -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar DeadlineBenchmark -t 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DeadlineBenchmark {

	private final FilterChain check = (request, response) -> dev.hardening.deadline.Deadline.checkCurrent();

	private DeadlineFilter unconfigured;

	private DeadlineFilter timeout;

	private DeadlineFilter route;

	private MockHttpServletRequest request;

	private MockHttpServletResponse response;

	@Setup
	public void setUp() {
		this.unconfigured = filter(new DeadlineProperties());
		DeadlineProperties withTimeout = new DeadlineProperties();
		withTimeout.setTimeout(Duration.ofSeconds(5));
		this.timeout = filter(withTimeout);
		DeadlineProperties withRoute = new DeadlineProperties();
		DeadlineProperties.Route reports = new DeadlineProperties.Route();
		reports.setPaths(List.of("/reports/**"));
		reports.setTimeout(Duration.ofSeconds(1));
		withRoute.setRoutes(List.of(reports));
		this.route = filter(withRoute);
		this.request = new MockHttpServletRequest("GET", "/reports/summary");
		this.request.setRemoteAddr("203.0.113.7");
		this.response = new MockHttpServletResponse();
	}

	private static DeadlineFilter filter(DeadlineProperties properties) {
		return new DeadlineFilter(DeadlineRules.of(properties), "Request-Timeout", AcceptFrom.TRUSTED_PROXIES,
				TrustedProxies.none(), null, new DeadlineMetrics(new SimpleMeterRegistry()));
	}

	@Benchmark
	public void bare() throws Exception {
		this.check.doFilter(this.request, this.response);
	}

	@Benchmark
	public void unconfigured() throws Exception {
		run(this.unconfigured);
	}

	@Benchmark
	public void timeout() throws Exception {
		run(this.timeout);
	}

	@Benchmark
	public void route() throws Exception {
		run(this.route);
	}

	private void run(DeadlineFilter filter) throws Exception {
		filter.doFilter(this.request, this.response, this.check);
		this.request.clearAttributes();
	}

}
