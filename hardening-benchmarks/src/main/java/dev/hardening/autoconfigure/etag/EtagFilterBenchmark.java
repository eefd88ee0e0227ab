package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
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

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What the shallow ETag filter and the Cache-Control filter add to one request, against the same
 * chain without them ({@code bare}), on LoadRun's two bodies: a 68-byte JSON object and a 38 KB
 * JSON list written as Jackson writes it (8000-byte slices), or through the writer as a view
 * writes. The request and the response are reused (reset per operation); the response's body
 * stream is a sink, as a container's buffer is, and its writer is one for all requests, as
 * Tomcat's is, so that {@code gc.alloc.rate.norm} of a filter benchmark minus {@code bare}'s (or
 * {@code bareWriter}'s) is the filter's own allocation per request. In this package because the
 * filters are not public API.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -o -q package -pl hardening-benchmarks -am -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar EtagFilterBenchmark -t 1 -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EtagFilterBenchmark {

	/** LoadRun's {@code /small/{id}} and {@code /list} bodies. */
	@Param({ "68", "38269" })
	public int size;

	private byte[] body;

	private EtagFilter etag;

	private CacheControlFilter cacheControl;

	private MockHttpServletRequest request;

	private MockHttpServletRequest conditional;

	private SinkResponse response;

	private FilterChain write;

	private FilterChain etagThenWrite;

	private String text;

	private FilterChain print;

	@Setup
	public void setUp() throws Exception {
		StringBuilder json = new StringBuilder("[");
		while (json.length() < this.size - 1) {
			json.append("{\"id\":").append(json.length()).append(",\"name\":\"item\"},");
		}
		json.setLength(this.size - 1);
		json.append(']');
		this.body = json.toString().getBytes(StandardCharsets.UTF_8);
		this.etag = new EtagFilter(PathPatterns.of(List.of("/**"), "", List.of("/actuator/**"), ""), true, 1024 * 1024,
				null, false);
		this.cacheControl = new CacheControlFilter(List.of(), "no-store", true);
		this.request = new MockHttpServletRequest("GET", "/items");
		this.conditional = new MockHttpServletRequest("GET", "/items");
		this.response = new SinkResponse();
		this.write = (request, response) -> {
			response.setContentType("application/json");
			ServletOutputStream out = response.getOutputStream();
			for (int offset = 0; offset < this.body.length; offset += 8000) {
				out.write(this.body, offset, Math.min(8000, this.body.length - offset));
			}
			out.flush();
		};
		this.text = json.toString();
		// as a view writes: text through the writer, in pieces
		this.print = (request, response) -> {
			response.setContentType("text/html;charset=UTF-8");
			PrintWriter writer = response.getWriter();
			for (int offset = 0; offset < this.text.length(); offset += 2000) {
				writer.write(this.text, offset, Math.min(2000, this.text.length() - offset));
			}
			writer.flush();
		};
		this.etagThenWrite = (request, response) -> this.etag.doFilter(request, response, this.write);
		this.response.reset();
		this.etag.doFilter(this.request, this.response, this.write);
		this.conditional.addHeader("If-None-Match", this.response.getHeader("ETag"));
	}

	/** The chain alone: the application writes its body. */
	@Benchmark
	public int bare() throws IOException, ServletException {
		this.response.reset();
		this.write.doFilter(this.request, this.response);
		return this.response.written;
	}

	/** The shallow ETag filter answering {@code 200} with the body and its ETag. */
	@Benchmark
	public int etag() throws IOException, ServletException {
		this.response.reset();
		this.etag.doFilter(this.request, this.response, this.write);
		return this.response.written;
	}

	/** The chain alone, writing through {@code getWriter()}. */
	@Benchmark
	public int bareWriter() throws IOException, ServletException {
		this.response.reset();
		this.print.doFilter(this.request, this.response);
		return this.response.written;
	}

	/** The shallow ETag filter, the application writing through {@code getWriter()}. */
	@Benchmark
	public int etagWriter() throws IOException, ServletException {
		this.response.reset();
		this.etag.doFilter(this.request, this.response, this.print);
		return this.response.written;
	}

	/** The shallow ETag filter answering {@code 304} to a matching {@code If-None-Match}. */
	@Benchmark
	public int etagNotModified() throws IOException, ServletException {
		this.response.reset();
		this.etag.doFilter(this.conditional, this.response, this.write);
		return this.response.getStatus();
	}

	/** The Cache-Control filter (the starter's defaults: error {@code no-store}, compression on). */
	@Benchmark
	public int cacheControl() throws IOException, ServletException {
		this.response.reset();
		this.cacheControl.doFilter(this.request, this.response, this.write);
		return this.response.written;
	}

	/** Both, in the starter's order: Cache-Control outside, ETag inside. */
	@Benchmark
	public int both() throws IOException, ServletException {
		this.response.reset();
		this.cacheControl.doFilter(this.request, this.response, this.etagThenWrite);
		return this.response.written;
	}

	/**
	 * A mock response whose body goes to a sink in bulk, as a container's buffer does; reused,
	 * so that only what the filters allocate is measured.
	 */
	static final class SinkResponse extends HttpServletResponseWrapper {

		int written;

		private final ServletOutputStream stream = new ServletOutputStream() {

			@Override
			public void write(int b) {
				SinkResponse.this.written++;
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				SinkResponse.this.written += length;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
			}

		};

		/** One writer for every request, as Tomcat recycles its own. */
		private final PrintWriter writer = new PrintWriter(
				new OutputStreamWriter(this.stream, StandardCharsets.UTF_8), false);

		SinkResponse() {
			super(new MockHttpServletResponse());
		}

		@Override
		public PrintWriter getWriter() {
			return this.writer;
		}

		@Override
		public void reset() {
			((MockHttpServletResponse) getResponse()).setCommitted(false);
			super.reset();
			this.written = 0;
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return this.stream;
		}

	}

}
