package dev.hardening.autoconfigure;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Response;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
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
 * What Tomcat spends on the fixed headers the starter's defaults add to a JSON answer (the
 * security headers of the {@code api} profile, CORS's three {@code Vary} values and a lone
 * policy's {@code RateLimit-Policy}): adding them to a real Tomcat response, then what its HTTP/1.1
 * output buffer does with each name and value when the response commits ({@code toBytes} on a
 * header held as text; a header held as bytes is copied as it is), then recycling the response
 * for the next request. {@code text} adds them through the Servlet API, as before; {@code bytes}
 * as {@link EncodedHeader}s, as the starter now does on Tomcat. No server and no socket: only
 * the headers' part of a request.
 *
 * <pre>
 * java -jar hardening-benchmarks/target/benchmarks.jar TomcatHeaderBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TomcatHeaderBenchmark {

	private static final List<EncodedHeader> HEADERS = List.of(
			EncodedHeader.of("X-Content-Type-Options", "nosniff"), EncodedHeader.of("X-Frame-Options", "DENY"),
			EncodedHeader.of("Cross-Origin-Opener-Policy", "same-origin"),
			EncodedHeader.of("Permissions-Policy",
					"accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
							+ "payment=(), usb=(), interest-cohort=()"),
			EncodedHeader.of("X-Permitted-Cross-Domain-Policies", "none"), EncodedHeader.of("Referrer-Policy", "no-referrer"),
			EncodedHeader.of("Cross-Origin-Resource-Policy", "same-origin"),
			EncodedHeader.of("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
			EncodedHeader.of("Vary", "Origin"), EncodedHeader.of("Vary", "Access-Control-Request-Method"),
			EncodedHeader.of("Vary", "Access-Control-Request-Headers"),
			EncodedHeader.of("RateLimit-Policy", "\"per-ip\";q=100;w=60"));

	private org.apache.coyote.Response coyote;

	private HttpServletResponse response;

	@Setup
	public void setUp() {
		this.coyote = new org.apache.coyote.Response();
		this.response = new Response(this.coyote).getResponse();
	}

	@Benchmark
	public long text() {
		for (EncodedHeader header : HEADERS) {
			this.response.addHeader(header.name(), header.value());
		}
		return commitAndRecycle();
	}

	@Benchmark
	public long bytes() {
		for (EncodedHeader header : HEADERS) {
			header.addTo(this.response);
		}
		return commitAndRecycle();
	}

	/** What Http11OutputBuffer.sendHeader asks of each name and value, then the next request. */
	private long commitAndRecycle() {
		MimeHeaders headers = this.coyote.getMimeHeaders();
		long length = 0;
		for (int i = 0; i < headers.size(); i++) {
			length += written(headers.getName(i)) + written(headers.getValue(i));
		}
		this.coyote.recycle();
		return length;
	}

	private static int written(MessageBytes bytes) {
		if (bytes.getType() != MessageBytes.T_BYTES) {
			bytes.toBytes();
		}
		return bytes.getByteChunk().getLength();
	}

}
