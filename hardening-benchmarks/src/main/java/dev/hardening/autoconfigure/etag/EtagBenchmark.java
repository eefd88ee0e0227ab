package dev.hardening.autoconfigure.etag;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.etag.ETag;
import dev.hardening.etag.EntityTags;
import dev.hardening.etag.Precondition;
import dev.hardening.etag.Preconditions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
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
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * Our shallow ETag filter against Spring's {@code ShallowEtagHeaderFilter} (MD5 over a cached
 * copy of the body), for 1 KB, 100 KB and 1 MB JSON bodies, answering 200 and 304; and a deep
 * ETag 304 (the version compared before anything is loaded) against a shallow one (the body
 * rendered with Jackson, then hashed). Filters run on mock requests, without a server. In this
 * package because the filter is not public API.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar EtagBenchmark -t 1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EtagBenchmark {

	@Param({ "1024", "102400", "1048576" })
	public int size;

	private final JsonMapper json = JsonMapper.builder().build();

	private byte[] body;

	private List<Item> items;

	private EtagFilter ours;

	private ShallowEtagHeaderFilter spring;

	private String oursTag;

	private String springTag;

	private String renderedTag;

	@Setup
	public void setUp() throws Exception {
		this.items = new ArrayList<>();
		int itemSize = this.json.writeValueAsBytes(new Item(1, "name", "description of the item")).length + 1;
		for (int i = 0; i < Math.max(1, this.size / itemSize); i++) {
			this.items.add(new Item(i, "name " + i, "description of the item"));
		}
		this.body = this.json.writeValueAsBytes(this.items);
		this.ours = new EtagFilter(PathPatterns.of(List.of("/**"), "", List.of(), ""), true, 2 * 1024 * 1024, null, false);
		this.spring = new ShallowEtagHeaderFilter();
		this.oursTag = run(this.ours, null, write()).getHeader("ETag");
		this.springTag = run(this.spring, null, write()).getHeader("ETag");
		this.renderedTag = run(this.ours, null, render()).getHeader("ETag");
	}

	@Benchmark
	public HttpServletResponse oursFull() throws Exception {
		return run(this.ours, null, write());
	}

	@Benchmark
	public HttpServletResponse springFull() throws Exception {
		return run(this.spring, null, write());
	}

	@Benchmark
	public HttpServletResponse oursNotModified() throws Exception {
		return run(this.ours, this.oursTag, write());
	}

	@Benchmark
	public HttpServletResponse springNotModified() throws Exception {
		return run(this.spring, this.springTag, write());
	}

	/** A shallow 304: the controller loads and renders, then the filter hashes and discards. */
	@Benchmark
	public HttpServletResponse shallowNotModifiedRendering() throws Exception {
		return run(this.ours, this.renderedTag, render());
	}

	/** A deep 304: the controller compares the version and stops. */
	@Benchmark
	public HttpServletResponse deepNotModified() throws Exception {
		return run(this.ours, "\"42\"", (request, response) -> {
			HttpServletRequest http = (HttpServletRequest) request;
			Precondition outcome = Preconditions.evaluate("GET", null,
					EntityTags.parse(Collections.list(http.getHeaders("If-None-Match"))), null, null, ETag.ofVersion(42L),
					null, true);
			HttpServletResponse servlet = (HttpServletResponse) response;
			servlet.setHeader("ETag", "\"42\"");
			if (outcome == Precondition.NOT_MODIFIED) {
				servlet.setStatus(304);
				return;
			}
			this.json.writeValue(response.getOutputStream(), this.items);
		});
	}

	private FilterChain write() {
		return (request, response) -> {
			response.setContentType("application/json");
			response.getOutputStream().write(this.body);
		};
	}

	private FilterChain render() {
		return (request, response) -> {
			response.setContentType("application/json");
			this.json.writeValue(response.getOutputStream(), this.items);
		};
	}

	private static HttpServletResponse run(jakarta.servlet.Filter filter, String ifNoneMatch, FilterChain chain)
			throws IOException, ServletException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items");
		if (ifNoneMatch != null) {
			request.addHeader("If-None-Match", ifNoneMatch);
		}
		HttpServletResponse response = new BulkWriteResponse();
		filter.doFilter(request, response, chain);
		return response;
	}

	/**
	 * A mock response whose body stream copies arrays in bulk, as a servlet container's does;
	 * the mock's own stream goes byte by byte and would dominate every 200 measured here.
	 */
	static final class BulkWriteResponse extends HttpServletResponseWrapper {

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final ServletOutputStream stream = new ServletOutputStream() {

			@Override
			public void write(int b) {
				BulkWriteResponse.this.body.write(b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				BulkWriteResponse.this.body.write(bytes, offset, length);
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
			}

		};

		BulkWriteResponse() {
			super(new MockHttpServletResponse());
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return this.stream;
		}

	}

	/**
	 * One item of a JSON list.
	 *
	 * @param id the ID
	 * @param name the name
	 * @param description the description
	 */
	public record Item(long id, String name, String description) {
	}

}
