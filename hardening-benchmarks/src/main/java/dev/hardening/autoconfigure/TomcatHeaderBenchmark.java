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
 * as {@link EncodedHeader}s, as the starter now does on Tomcat. {@code perResponseText} and
 * {@code perResponseBytes} do the same with the five headers whose values each response gives
 * (request ID and ETag set, {@code Access-Control-Allow-Origin}, {@code -Expose-Headers} and
 * {@code RateLimit} added): through the Servlet API, or as {@link EncodedHeaderName} values, each
 * checked for printable ASCII and copied into Tomcat's buffers. No server and no socket: only
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

	private static final EncodedHeaderName REQUEST_ID = EncodedHeaderName.of("X-Request-ID");

	private static final EncodedHeaderName ALLOW_ORIGIN = EncodedHeaderName.of("Access-Control-Allow-Origin");

	private static final EncodedHeaderName EXPOSE_HEADERS = EncodedHeaderName.of("Access-Control-Expose-Headers");

	private static final EncodedHeaderName RATE_LIMIT = EncodedHeaderName.of("RateLimit");

	private static final EncodedHeaderName ETAG = EncodedHeaderName.of("ETag");

	// as a defaults answer carries them (LoadRun's GET /small/1)
	private final String requestId = "01a24137-2724-7f02-afa0-343ae0a04dc6";

	private final String origin = "http://localhost:3000";

	private final String exposed = "X-Request-ID, RateLimit, RateLimit-Policy, Retry-After, ETag, Link, Location, X-Total-Count";

	private final String rateLimit = "\"per-ip\";r=999999999;t=1";

	private final String etag = "W/\"H42KYkGX8C8ARA\"";

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

	@Benchmark
	public long perResponseText() {
		this.response.setHeader(REQUEST_ID.name(), this.requestId);
		this.response.addHeader(ALLOW_ORIGIN.name(), this.origin);
		this.response.addHeader(EXPOSE_HEADERS.name(), this.exposed);
		this.response.addHeader(RATE_LIMIT.name(), this.rateLimit);
		this.response.setHeader(ETAG.name(), this.etag);
		return commitAndRecycle();
	}

	@Benchmark
	public long perResponseBytes() {
		REQUEST_ID.set(this.response, this.requestId);
		ALLOW_ORIGIN.add(this.response, this.origin);
		EXPOSE_HEADERS.add(this.response, this.exposed);
		RATE_LIMIT.add(this.response, this.rateLimit);
		ETAG.set(this.response, this.etag);
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
