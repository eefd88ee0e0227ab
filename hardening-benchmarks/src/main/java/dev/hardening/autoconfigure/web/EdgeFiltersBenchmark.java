package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.requestid.RequestIdFilter;
import dev.hardening.autoconfigure.web.CorsProperties.CorsMapping;
import dev.hardening.requestid.RequestIdGenerator;
import dev.hardening.web.AllowedHosts;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.CoyoteAdapter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardContext;
import org.apache.coyote.OutputBuffer;
import org.apache.tomcat.util.http.MimeHeaders;
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
 * The edge filters, each alone and all together, on the request {@code LoadRun} sends to its
 * {@code small} path ({@code GET /small/1}, {@code Host: localhost}, a CORS {@code Origin}), with
 * the defaults of {@code LoadRun}'s {@code defaults} variant: allowed hosts {@code localhost}, one
 * CORS mapping for {@code /**}, the security headers' defaults, no trusted proxy. The application
 * at the end of the chain answers 68 bytes of JSON with their length declared. Unlike a mock, the
 * request and response are Tomcat's own connector objects, recycled after every request as Tomcat
 * recycles them, so what a filter asks of them (header lookups, attributes, a header set twice)
 * costs what it costs in Tomcat; only the socket and the header encoding are missing. With
 * {@code -prof gc}, {@code gc.alloc.rate.norm} minus that of {@code pass} is the filter's own
 * allocation per request.
 * <ul>
 * <li>{@code none}: no filter; {@code pass}: one that asks nothing and passes the request on, the
 * baseline of the others (with a filter in it, the chain object can no longer be optimised away);</li>
 * <li>{@code host-check}: the trusted host filter (and the client address it resolves);</li>
 * <li>{@code cors}: the CORS filter accepting an actual cross-origin request;</li>
 * <li>{@code security-headers}: the security headers filter and its commit-aware response;</li>
 * <li>{@code request-id}: the request ID filter, minting an ID;</li>
 * <li>{@code client-address}: the client address as the per-IP rate limit asks for it (as an
 * address, then as text);</li>
 * <li>{@code path-patterns}: {@code /**} but {@code /actuator/**} matched against the request, as
 * the ETag filter's default paths are;</li>
 * <li>{@code chain}: all of the above, in the starter's order;</li>
 * <li>{@code browser-paths}: the security headers filter with {@code browser-paths}
 * {@code /swagger-ui/**} and {@code /docs/**}, which this request is not on;</li>
 * <li>{@code shared-path}: three filters that each need the request's parsed path (patterns with
 * no literal part to rule the path out by): the security headers with {@code browser-paths}
 * {@code /{version}/docs/**}, then {@code /*}{@code /{id}}, then {@code /**} but
 * {@code /*}{@code /admin/**}, as a rate-limit rule, the ETag filter's paths or the access log's
 * exclusions would ask.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -o -q package -pl hardening-benchmarks -am -DskipTests
 * java -Djmh.ignoreLock=true -jar hardening-benchmarks/target/benchmarks.jar EdgeFiltersBenchmark -t 1 -prof gc
 * java -Djmh.ignoreLock=true -jar hardening-benchmarks/target/benchmarks.jar EdgeFiltersBenchmark -t 1 -prof gc \
 *     -p filters=pass,security-headers -p body=stream,writer
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EdgeFiltersBenchmark {

	private static final String TEXT = "{\"owner\":\"lead@example.com\",\"name\":\"Apollo\",\"id\":1,\"archived\":false}";

	private static final byte[] BODY = TEXT.getBytes(StandardCharsets.UTF_8);

	@Param({ "none", "pass", "host-check", "cors", "security-headers", "request-id", "client-address", "path-patterns",
			"chain", "browser-paths", "shared-path" })
	public String filters;

	/**
	 * How the application writes its body: through the output stream, as Jackson and Spring's
	 * converters do, or through the writer, as a template engine does ({@code -p body=writer}).
	 */
	@Param({ "stream" })
	public String body;

	private Request request;

	private Response response;

	private Filter[] chain;

	@Setup
	public void setUp() {
		org.apache.coyote.Request coyoteRequest = new org.apache.coyote.Request();
		org.apache.coyote.Response coyoteResponse = new org.apache.coyote.Response();
		coyoteResponse.setOutputBuffer(new Discarding());
		coyoteRequest.setResponse(coyoteResponse);
		this.request = new Request(new Connector(), coyoteRequest);
		this.response = new Response(coyoteResponse);
		this.request.setResponse(this.response);
		this.response.setRequest(this.request);
		// as Tomcat's adapter links them, once per connection
		coyoteRequest.setNote(CoyoteAdapter.ADAPTER_NOTES, this.request);
		coyoteResponse.setNote(CoyoteAdapter.ADAPTER_NOTES, this.response);
		ClientAddressResolver clients = new ClientAddressResolver(TrustedProxies.none());
		Filter hostCheck = new TrustedHostFilter(AllowedHosts.of(List.of("localhost")),
				PathPatterns.of(List.of("/actuator/health/**"), "", List.of(), ""), clients, false, null);
		CorsMapping mapping = new CorsMapping();
		mapping.setAllowedOrigins(List.of("http://localhost:3000"));
		Filter cors = new CorsFilter(CorsMappings.source(List.of(mapping)), null);
		Filter headers = new SecurityHeadersFilter(SecurityHeaders.of(new SecurityHeadersProperties()),
				PathPatterns.of(List.of(), "", List.of(), ""), clients);
		Filter requestId = new RequestIdFilter("X-Request-ID", true, RequestIdGenerator.uuidV7());
		Filter clientAddress = new Asking((request) -> {
			clients.resolveAddress(request);
			return clients.resolve(request) != null;
		});
		PathPatterns etagPaths = PathPatterns.of(List.of("/**"), "", List.of("/actuator/**"), "");
		Filter pathPatterns = new Asking(etagPaths::matches);
		Filter browserPaths = new SecurityHeadersFilter(SecurityHeaders.of(new SecurityHeadersProperties()),
				PathPatterns.of(List.of("/swagger-ui/**", "/docs/**"), "", List.of(), ""), clients);
		Filter versionedDocs = new SecurityHeadersFilter(SecurityHeaders.of(new SecurityHeadersProperties()),
				PathPatterns.of(List.of("/{version}/docs/**"), "", List.of(), ""), clients);
		PathPatterns byId = PathPatterns.of(List.of("/*/{id}"), "", List.of(), "");
		PathPatterns notAdmin = PathPatterns.of(List.of("/**"), "", List.of("/*/admin/**"), "");
		this.chain = switch (this.filters) {
			case "none" -> new Filter[0];
			case "pass" -> new Filter[] { new Asking((request) -> true) };
			case "host-check" -> new Filter[] { hostCheck };
			case "cors" -> new Filter[] { cors };
			case "security-headers" -> new Filter[] { headers };
			case "request-id" -> new Filter[] { requestId };
			case "client-address" -> new Filter[] { clientAddress };
			case "path-patterns" -> new Filter[] { pathPatterns };
			case "chain" -> new Filter[] { requestId, hostCheck, cors, headers, clientAddress, pathPatterns };
			case "browser-paths" -> new Filter[] { browserPaths };
			case "shared-path" -> new Filter[] { versionedDocs, new Asking(byId::matches), new Asking(notAdmin::matches) };
			default -> throw new IllegalArgumentException(this.filters);
		};
		// a context, so that a request attribute set or removed costs its listener lookup, as in Tomcat
		this.request.getMappingData().context = new StandardContext();
	}

	@Benchmark
	public int request() throws IOException, ServletException {
		org.apache.coyote.Request coyote = this.request.getCoyoteRequest();
		coyote.method().setString("GET");
		coyote.requestURI().setString("/small/1");
		coyote.decodedURI().setString("/small/1");
		coyote.protocol().setString("HTTP/1.1");
		coyote.scheme().setString("http");
		coyote.serverName().setString("localhost");
		coyote.setServerPort(80);
		coyote.remoteAddr().setString("127.0.0.1");
		MimeHeaders headers = coyote.getMimeHeaders();
		headers.addValue("Host").setString("localhost");
		headers.addValue("Origin").setString("http://localhost:3000");
		headers.addValue("User-Agent").setString("hardening-loadrun/2");
		headers.addValue("Accept").setString("application/json");
		new Chain(this.chain, this.body.equals("writer")).doFilter(this.request.getRequest(), this.response.getResponse());
		this.response.finishResponse();
		int status = this.response.getStatus();
		this.request.recycle();
		this.response.recycle();
		coyote.recycle();
		this.response.getCoyoteResponse().recycle();
		return status;
	}

	/** The filters, then the application. */
	private static final class Chain implements FilterChain {

		private final Filter[] filters;

		private final boolean writer;

		private int next;

		Chain(Filter[] filters, boolean writer) {
			this.filters = filters;
			this.writer = writer;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
			if (this.next < this.filters.length) {
				this.filters[this.next++].doFilter(request, response, this);
				return;
			}
			HttpServletResponse http = (HttpServletResponse) response;
			http.setContentType("application/json");
			http.setContentLength(BODY.length);
			if (this.writer) {
				http.setCharacterEncoding("UTF-8");
				http.getWriter().write(TEXT);
			}
			else {
				http.getOutputStream().write(BODY);
			}
		}

	}

	/** A filter that asks something of the request, as a later capability would. */
	private static final class Asking implements Filter {

		private final Predicate<HttpServletRequest> question;

		Asking(Predicate<HttpServletRequest> question) {
			this.question = question;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (!this.question.test((HttpServletRequest) request)) {
				throw new IllegalStateException("The answer a request of the benchmark always gets");
			}
			chain.doFilter(request, response);
		}

	}

	/** The socket: takes every byte. */
	private static final class Discarding implements OutputBuffer {

		private long written;

		@Override
		public int doWrite(ByteBuffer chunk) {
			int length = chunk.remaining();
			chunk.position(chunk.limit());
			this.written += length;
			return length;
		}

		@Override
		public long getBytesWritten() {
			return this.written;
		}

	}

}
