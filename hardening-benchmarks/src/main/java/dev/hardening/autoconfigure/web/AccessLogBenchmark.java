package dev.hardening.autoconfigure.web;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.logging.EcsStructuredLogFormatter;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.servlet.HandlerMapping;

/**
 * What the access log costs one request: {@code AccessLogFilter} around a chain that writes a
 * small JSON body, against the chain alone, with Spring Boot's own logging set up as an
 * application gets it ({@code SpringApplication} and {@code LoggingApplicationListener}), in each
 * format:
 * <ul>
 * <li>{@code ecs} and {@code logstash}: {@code logging.structured.format.console}, Boot's own
 * formatters;</li>
 * <li>{@code hardening-ecs}: the same ECS lines through {@code EcsStructuredLogFormatter}, the
 * production setup of docs/access-log.md;</li>
 * <li>{@code text}: Boot's default console pattern;</li>
 * <li>{@code nop}: the {@code hardening.access} logger with an appender that drops every event,
 * which is the filter's own cost plus SLF4J's and Logback's making of the event, without any
 * encoder.</li>
 * </ul>
 * The console is {@code System.out}, replaced by {@code sink}: {@code discard} (the encoder's
 * bytes go nowhere, the cost of formatting alone) or {@code devnull} (an 8 KB buffer in front of
 * {@code /dev/null}: a {@code write} per event, as Logback's console appender flushes each event,
 * or one per 8 KB with {@code immediateFlush=false}); or {@code file}, with {@code hardening-ecs} only:
 * the cheap production setup of docs/access-log.md, the access log alone in a rolling file of its own
 * with {@code immediateFlush} off ({@code load-access-file.xml}, in a temporary directory). One typical
 * request: {@code GET /projects/42?page=2&size=20}, a browser's {@code User-Agent}, a request ID
 * in the MDC, the route matched, 200 with 123 bytes and a {@code RateLimit} header. The request
 * and the response are built once and reused, and their headers are looked up without
 * allocating, as a container's are, so that what is allocated per operation is the filter's and
 * the logging's alone. In this package because the filter is not public API.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar AccessLogBenchmark -t 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The benchmarks' own logging is slf4j-simple; Boot's logging system needs Logback as SLF4J's provider.
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider")
// The logging path is deep: on a shared machine C2 needs more than the usual 3 x 2 s to settle.
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 2)
public class AccessLogBenchmark {

	static final String REQUEST_ID = "01a2091b-834a-72b5-99c3-8cee2148c42e";

	static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Safari/537.36";

	static final byte[] BODY = ("{\"id\":42,\"name\":\"Apollo\",\"owner\":\"lead@example.com\",\"tags\":[\"space\","
			+ "\"moon\"],\"version\":3,\"archived\":false,\"description\":\"x\"}").getBytes(StandardCharsets.UTF_8);

	@Param({ "ecs", "hardening-ecs", "logstash", "text", "nop" })
	public String format;

	@Param({ "discard" })
	public String sink;

	/** Whether the console appender flushes after each event, as Logback's does by default. */
	@Param({ "true" })
	public boolean immediateFlush;

	private ConfigurableApplicationContext logging;

	private PrintStream console;

	/** The directory of the {@code file} sink's access log. */
	private @Nullable Path files;

	private AccessLogFilter filter;

	private HeaderRequest request;

	private BodyResponse response;

	private final FilterChain chain = (request, response) -> response.getOutputStream().write(BODY);

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.console = System.out;
		System.setOut(sink(this.sink));
		SpringApplicationBuilder application = new SpringApplicationBuilder(LoggingOnly.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties("spring.application.name=projects-sample");
		if ("ecs".equals(this.format) || "logstash".equals(this.format)) {
			application.properties("logging.structured.format.console=" + this.format);
		}
		else if ("hardening-ecs".equals(this.format)) {
			application.properties("logging.structured.format.console=" + EcsStructuredLogFormatter.class.getName());
		}
		if ("file".equals(this.sink)) {
			if (!"hardening-ecs".equals(this.format)) {
				throw new IllegalArgumentException("The file sink is the cheap production setup of docs/access-log.md, "
						+ "whose format is hardening-ecs, not " + this.format);
			}
			this.files = Files.createTempDirectory("access-log-benchmark");
			application.properties("logging.config=classpath:load-access-file.xml",
					"load.work-dir=" + this.files.toAbsolutePath(), "server.port=benchmark");
		}
		this.logging = application.run();
		if (!this.immediateFlush) {
			Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
			root.iteratorForAppenders().forEachRemaining((appender) -> {
				if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
					stream.setImmediateFlush(false);
				}
			});
		}
		if ("nop".equals(this.format)) {
			Logger access = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER);
			AppenderBase<ILoggingEvent> nop = new AppenderBase<>() {

				@Override
				protected void append(ILoggingEvent event) {
				}

			};
			nop.setContext(access.getLoggerContext());
			nop.start();
			access.setAdditive(false);
			access.addAppender(nop);
		}
		HardeningWebProperties.AccessLog properties = new HardeningWebProperties().getAccessLog();
		this.filter = new AccessLogFilter(properties,
				PathPatterns.of(properties.getExcludePaths(), "hardening.web.access-log.exclude-paths", List.of(), ""),
				new ClientAddressResolver(TrustedProxies.none()), new WebRejections(), null);
		this.request = new HeaderRequest("GET", "/projects/42",
				Map.of("Host", "localhost:8080", "User-Agent", USER_AGENT, "Accept", "application/json"));
		this.request.setQueryString("page=2&size=20");
		this.request.setRemoteAddr("203.0.113.7");
		this.response = new BodyResponse();
		this.response.setStatus(200);
		this.response.setContentType("application/json");
		this.response.setHeader("RateLimit", "\"per-ip\";r=99;t=60");
		showOneLine();
	}

	/** Writes one request's line to the standard error, to see what is measured. */
	private void showOneLine() throws Exception {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		PrintStream sink = System.out;
		System.setOut(new PrintStream(line, true, StandardCharsets.UTF_8));
		MDC.put("requestId", REQUEST_ID);
		try {
			accessLog();
		}
		finally {
			System.setOut(sink);
			MDC.remove("requestId");
		}
		String written = (this.files != null) ? fileLine(this.files) : line.toString(StandardCharsets.UTF_8);
		System.err.print("access log line (" + this.format + "): " + written);
		if (("text".equals(this.format) || "nop".equals(this.format)) == written.startsWith("{")) {
			throw new IllegalStateException("Not Boot's " + this.format + " format: " + written);
		}
	}

	/** The line the {@code file} sink's appender holds, flushed to its file. */
	private static String fileLine(Path files) throws IOException {
		Logger access = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER);
		OutputStreamAppender<ILoggingEvent> appender = (OutputStreamAppender<ILoggingEvent>) access.getAppender("ACCESS");
		appender.getOutputStream().flush();
		try (var written = Files.list(files)) {
			return Files.readString(written.filter((file) -> file.toString().endsWith(".json")).findFirst().orElseThrow());
		}
	}

	/** What RequestIdFilter does for every request, on the thread that runs the benchmark. */
	@Setup(Level.Iteration)
	public void requestId() {
		MDC.put("requestId", REQUEST_ID);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.logging.close();
		System.setOut(this.console);
		if (this.files != null) {
			FileSystemUtils.deleteRecursively(this.files);
		}
	}

	@Benchmark
	public BodyResponse accessLog() throws IOException, ServletException {
		prepare();
		this.filter.doFilter(this.request, this.response, this.chain);
		return this.response;
	}

	/** The chain alone: what {@link #accessLog} costs without the filter. */
	@Benchmark
	public BodyResponse chainOnly() throws IOException, ServletException {
		prepare();
		this.chain.doFilter(this.request, this.response);
		return this.response;
	}

	/** A new request's attributes: the matched route, and nothing worked out yet (the client address). */
	private void prepare() {
		this.request.clearAttributes();
		this.request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/projects/{id}");
	}

	private static PrintStream sink(String sink) throws FileNotFoundException {
		return switch (sink) {
			// the file sink's console has only Boot's other lines, none while measuring
			case "discard", "file" -> new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
			// as the JVM's own System.out: a small buffer, flushed by Logback after each event
			case "devnull" -> new PrintStream(new BufferedOutputStream(new FileOutputStream("/dev/null"), 8192), false,
					StandardCharsets.UTF_8);
			default -> throw new IllegalArgumentException(sink);
		};
	}

	/** Only what {@code SpringApplication} sets up for logging. */
	@Configuration(proxyBeanMethods = false)
	static class LoggingOnly {

	}

	/**
	 * A mock request whose headers are looked up without allocating, as a container's are; the
	 * mock's own lower-case every name looked up.
	 */
	static final class HeaderRequest extends MockHttpServletRequest {

		private final TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

		HeaderRequest(String method, String uri, Map<String, String> headers) {
			super(method, uri);
			this.headers.putAll(headers);
			headers.forEach(this::addHeader);
		}

		@Override
		public String getHeader(String name) {
			return this.headers.get(name);
		}

	}

	/**
	 * A response whose body goes nowhere, as a container's would to the socket, and whose status
	 * and headers are set once: what is allocated per operation is the filter's.
	 */
	public static final class BodyResponse extends HttpServletResponseWrapper {

		private final ServletOutputStream stream = new ServletOutputStream() {

			@Override
			public void write(int b) {
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
			}

		};

		private final TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

		BodyResponse() {
			super(new MockHttpServletResponse());
		}

		@Override
		public void setHeader(String name, String value) {
			super.setHeader(name, value);
			this.headers.put(name, value);
		}

		@Override
		public boolean containsHeader(String name) {
			return this.headers.containsKey(name);
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return this.stream;
		}

	}

}
