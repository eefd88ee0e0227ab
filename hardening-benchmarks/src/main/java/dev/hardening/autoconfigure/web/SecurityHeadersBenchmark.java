package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The security headers filter on one request, a JSON or an HTML answer of 1 KB with its length
 * declared, against the same request without the filter ({@code baseline}): the difference is
 * the filter's cost, in time and, with {@code -prof gc}, in bytes allocated per request. Mock
 * request and response, without a server. In this package because the filter is not public API.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar SecurityHeadersBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SecurityHeadersBenchmark {

	@Param({ "application/json", "text/html;charset=UTF-8" })
	public String contentType;

	private SecurityHeadersFilter filter;

	private FilterChain chain;

	@Setup
	public void setUp() {
		this.filter = new SecurityHeadersFilter(SecurityHeaders.of(new SecurityHeadersProperties()),
				PathPatterns.of(List.of(), "", List.of(), ""), new ClientAddressResolver(TrustedProxies.none()));
		byte[] body = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
		String type = this.contentType;
		this.chain = (request, response) -> {
			HttpServletResponse http = (HttpServletResponse) response;
			http.setContentType(type);
			http.setContentLength(body.length);
			http.getOutputStream().write(body);
		};
	}

	@Benchmark
	public MockHttpServletResponse filtered() throws IOException, ServletException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/items");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, this.chain);
		return response;
	}

	@Benchmark
	public MockHttpServletResponse baseline() throws IOException, ServletException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/items");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.chain.doFilter(request, response);
		return response;
	}

}
