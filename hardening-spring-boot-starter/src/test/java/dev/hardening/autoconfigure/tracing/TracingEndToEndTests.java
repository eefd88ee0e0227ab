package dev.hardening.autoconfigure.tracing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.hardening.autoconfigure.DataRedisAutoConfigurations;
import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.logging.EcsStructuredLogFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trace context through a real server with Spring Boot's own OpenTelemetry tracing: the trace ID of
 * an incoming {@code traceparent} is in the problem body, in the access log's event (under the MDC
 * key Boot's tracing uses, which Boot's structured formats write as is), on the outbound request
 * and in the exemplars of our counters; the request ID stays the request's own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = TracingEndToEndTests.TestApplication.class,
		properties = {
				// tracing and Prometheus back on (the test application.properties turns them off)
				"spring.autoconfigure.exclude=org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,"
						+ "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
						+ DataRedisAutoConfigurations.NAMES,
				"management.tracing.sampling.probability=1.0",
				"management.endpoints.web.exposure.include=prometheus",
				"hardening.resilience.defaults.initial-backoff=1ms", "hardening.resilience.defaults.max-backoff=1ms" })
class TracingEndToEndTests {

	/** The access log's logger, as access-log.md names it. */
	private static final String ACCESS_LOG = "hardening.access";

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

	private static final HttpServer upstream = startUpstream();

	private static final List<String> upstreamTraceparents = new CopyOnWriteArrayList<>();

	private static final AtomicInteger upstreamCalls = new AtomicInteger();

	private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

	@LocalServerPort
	private int port;

	@Autowired
	private Environment environment;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("upstream.url", () -> "http://127.0.0.1:" + upstream.getAddress().getPort());
	}

	@AfterAll
	static void stopUpstream() {
		upstream.stop(0);
	}

	@BeforeEach
	void listen() {
		this.accessLog.start();
		((Logger) LoggerFactory.getLogger(ACCESS_LOG)).addAppender(this.accessLog);
	}

	@AfterEach
	void stopListening() {
		((Logger) LoggerFactory.getLogger(ACCESS_LOG)).detachAppender(this.accessLog);
	}

	@Test
	void theTraceIdOfAnIncomingTraceparentIsInTheProblemBodyAndTheRequestIdIsTheRequestsOwn() {
		HttpResponse<String> response = http().get("/nowhere", "traceparent", TRACEPARENT, "X-Request-ID", "req-1");
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode problem = JsonMapper.shared().readTree(response.body());
		assertThat(problem.path("traceId").asString()).isEqualTo(TRACE_ID);
		assertThat(problem.path("requestId").asString()).isEqualTo("req-1");
		assertThat(response.headers().firstValue("X-Request-ID")).hasValue("req-1");
		assertThat(response.headers().firstValue("traceresponse")).isEmpty();
	}

	@Test
	void aMalformedTraceparentStartsANewTraceAndIsNoError() {
		String span = "-00f067aa0ba902b7";
		List<String> malformed = List.of("00-" + TRACE_ID + span, "00-zz" + TRACE_ID.substring(2) + span + "-01",
				"00-00000000000000000000000000000000" + span + "-01", "ff-" + TRACE_ID + span + "-01",
				"00-" + TRACE_ID.toUpperCase(Locale.ROOT) + span + "-01", "");
		for (String traceparent : malformed) {
			HttpResponse<String> response = http().get("/nowhere", "traceparent", traceparent);
			assertThat(response.statusCode()).as(traceparent).isEqualTo(404);
			String traceId = JsonMapper.shared().readTree(response.body()).path("traceId").asString();
			assertThat(traceId).as(traceparent).matches("[0-9a-f]{32}").isNotEqualTo(TRACE_ID);
		}
	}

	@Test
	void theAccessLogEventCarriesTheTraceIdUnderBootsNamesBesideTheRequestId() {
		http().get("/nowhere", "traceparent", TRACEPARENT, "X-Request-ID", "req-2");
		ILoggingEvent event = this.accessLog.list.stream()
			.filter((candidate) -> "req-2".equals(candidate.getMDCPropertyMap().get("requestId")))
			.findFirst()
			.orElseThrow();
		assertThat(event.getMDCPropertyMap()).containsEntry("traceId", TRACE_ID).containsKey("spanId");
		StructuredLogEncoder ecs = new StructuredLogEncoder();
		ecs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		ecs.setFormat("ecs");
		ecs.start();
		String boots = new String(ecs.encode(event), StandardCharsets.UTF_8);
		JsonNode line = JsonMapper.shared().readTree(boots);
		assertThat(line.path("traceId").asString()).isEqualTo(TRACE_ID);
		assertThat(line.path("spanId").asString()).matches("[0-9a-f]{16}");
		assertThat(line.path("requestId").asString()).isEqualTo("req-2");
		// the starter's own ECS formatter writes the same line, trace fields included
		String ours = new EcsStructuredLogFormatter(this.environment).format(event);
		assertThat(ours).isEqualTo(boots.stripTrailing() + System.lineSeparator());
	}

	@Test
	void anOutboundCallCarriesTheTraceOnEveryAttemptAndOurCountersHaveItsExemplar() {
		upstreamTraceparents.clear();
		upstreamCalls.set(0);
		HttpResponse<String> response = http().get("/outbound", "traceparent", TRACEPARENT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(upstreamTraceparents).hasSize(2)
			.allSatisfy((traceparent) -> assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").endsWith("-01"));
		HttpResponse<String> scrape = http().get("/actuator/prometheus", "Accept",
				"application/openmetrics-text; version=1.0.0; charset=utf-8");
		assertThat(scrape.body().lines().filter((line) -> line.startsWith("hardening_resilience_calls_total{")))
			.anySatisfy((line) -> assertThat(line).contains("trace_id=\"" + TRACE_ID + "\""));
	}

	@Test
	void aRestTemplateCallCarriesTheTraceToo() {
		upstreamTraceparents.clear();
		upstreamCalls.set(1);
		assertThat(http().get("/outbound-template", "traceparent", TRACEPARENT).statusCode()).isEqualTo(200);
		assertThat(upstreamTraceparents).singleElement()
			.satisfies((traceparent) -> assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").endsWith("-01"));
	}

	@Nested
	@TestPropertySource(properties = "hardening.request-id.echo=trace-id")
	class EchoingTheTraceId {

		@LocalServerPort
		private int port;

		@Test
		void theResponseCarriesTheServerSpansTraceresponseInsteadOfTheRequestId() {
			HttpResponse<String> response = new TestHttp(this.port).get("/nowhere", "traceparent", TRACEPARENT,
					"X-Request-ID", "req-3");
			assertThat(response.headers().firstValue("traceresponse")).hasValueSatisfying(
					(value) -> assertThat(value).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01"));
			assertThat(response.headers().firstValue("X-Request-ID")).isEmpty();
			// both IDs are still kept
			JsonNode problem = JsonMapper.shared().readTree(response.body());
			assertThat(problem.path("requestId").asString()).isEqualTo("req-3");
			assertThat(problem.path("traceId").asString()).isEqualTo(TRACE_ID);
		}

		@Test
		void withoutATraceparentTheServerStartsATraceAndEchoesIt() {
			HttpResponse<String> response = new TestHttp(this.port).get("/nowhere");
			String traceresponse = response.headers().firstValue("traceresponse").orElseThrow();
			assertThat(traceresponse).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
			assertThat(JsonMapper.shared().readTree(response.body()).path("traceId").asString())
				.isEqualTo(traceresponse.substring(3, 35));
		}

	}

	private TestHttp http() {
		return new TestHttp(this.port);
	}

	private static HttpServer startUpstream() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/", (exchange) -> {
				upstreamTraceparents.add(String.valueOf(exchange.getRequestHeaders().getFirst("traceparent")));
				// the first attempt fails, the retry succeeds
				int status = (upstreamCalls.incrementAndGet() == 1) ? 503 : 200;
				byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Handlers.class)
	static class TestApplication {

	}

	@RestController
	static class Handlers {

		private final RestClient upstream;

		private final RestTemplate template;

		Handlers(RestClient.Builder builder, RestTemplateBuilder templates, Environment environment) {
			this.upstream = builder.baseUrl(environment.getRequiredProperty("upstream.url")).build();
			this.template = templates.rootUri(environment.getRequiredProperty("upstream.url")).build();
		}

		@GetMapping("/outbound-template")
		String outboundTemplate() {
			return this.template.getForObject("/quote", String.class);
		}

		@GetMapping("/outbound")
		String outbound() {
			return this.upstream.get().uri("/quote").retrieve().body(String.class);
		}

	}

}
