package dev.hardening.autoconfigure.requestid;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import dev.hardening.autoconfigure.DataRedisAutoConfigurations;
import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request ID on the log lines of an application with Spring Boot's default logging, through a
 * real server. Logging is set up once per JVM by the first application, so each test makes its
 * application set it up anew (without this module's test {@code application.properties}, which
 * sets the pattern for the other tests), and puts the shared setup back afterwards.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestIdLogPatternTests {

	private static final String SAYING = "Saying hello from the controller";

	/** Boot also sets it as a system property, once per JVM: each application here sets its own. */
	private static final String SYSTEM_PROPERTY = "LOG_CORRELATION_PATTERN";

	private final String shared = System.getProperty(SYSTEM_PROPERTY);

	@AfterEach
	void restoreTheLoggingTheOtherTestsShare() {
		if (this.shared != null) {
			System.setProperty(SYSTEM_PROPERTY, this.shared);
		}
		else {
			System.clearProperty(SYSTEM_PROPERTY);
		}
		LoggingSystem system = LoggingSystem.get(getClass().getClassLoader());
		system.cleanUp();
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("shared", Map.of("logging.pattern.correlation", "[%X{requestId:-}] ")));
		system.beforeInitialize();
		system.initialize(new LoggingInitializationContext(environment), null, null);
	}

	@Test
	void withBootsDefaultLoggingALineWrittenDuringARequestCarriesItsId(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			new TestHttp(port(context)).get("/hello", "X-Request-ID", "abc-123");
		}

		assertThat(linesWith(output, SAYING)).singleElement().asString().contains(" [abc-123] ");
		// outside a request the slot is empty, not "[] "
		assertThat(linesWith(output, "Tomcat started on port")).singleElement()
			.asString()
			.doesNotContain("[]");
		assertThat(linesWith(output, "Changed by hardening: logging.pattern.correlation: not set")).singleElement()
			.asString()
			.contains("restore: hardening.request-id.log-correlation=false");
	}

	@Test
	void anApplicationThatSetsTheCorrelationPatternKeepsItsOwn(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--logging.pattern.correlation=<%X{requestId}> ")) {
			new TestHttp(port(context)).get("/hello", "X-Request-ID", "abc-123");
		}

		assertThat(linesWith(output, SAYING)).singleElement()
			.asString()
			.contains(" <abc-123> ")
			.doesNotContain("[abc-123]");
		assertThat(linesWith(output, "logging.pattern.correlation")).isEmpty();
	}

	@Test
	void turnedOffTheLinesHaveNoId(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--hardening.request-id.log-correlation=false")) {
			new TestHttp(port(context)).get("/hello", "X-Request-ID", "abc-123");
		}

		assertThat(linesWith(output, SAYING)).singleElement().asString().doesNotContain("abc-123");
	}

	@Test
	void withTracingBootsTraceAndSpanFollowTheRequestId(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--logging.expect-correlation-id=true")) {
			new TestHttp(port(context)).get("/hello?traced=true", "X-Request-ID", "abc-123");
		}

		assertThat(linesWith(output, SAYING)).singleElement()
			.asString()
			.contains(" [abc-123] [0123456789abcdef0123456789abcdef-0123456789abcdef] ");
	}

	@Test
	void structuredLoggingCarriesTheIdAsAField(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("--logging.structured.format.console=ecs")) {
			new TestHttp(port(context)).get("/hello", "X-Request-ID", "abc-123");
		}

		assertThat(linesWith(output, SAYING)).singleElement().asString().contains("\"requestId\":\"abc-123\"");
		// the JSON lines use no pattern: nothing to change
		assertThat(linesWith(output, "logging.pattern.correlation")).isEmpty();
	}

	@Test
	void anOwnLogbackFileWithTheDocumentedLineCarriesTheId(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(
				"--logging.config=classpath:request-id-logging/own-pattern.xml")) {
			new TestHttp(port(context)).get("/hello", "X-Request-ID", "abc-123");
		}

		assertThat(linesWith(output, SAYING)).singleElement().asString().contains(" [abc-123] ");
	}

	@Test
	void anOwnLogbackFileOnBootsIncludesGetsTheDefaultToo(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(
				"--logging.config=classpath:request-id-logging/boot-includes.xml")) {
			new TestHttp(port(context)).get("/hello", "X-Request-ID", "abc-123");
		}

		assertThat(linesWith(output, SAYING)).singleElement().asString().contains(" [abc-123] ");
		assertThat(linesWith(output, "Tomcat started on port")).singleElement().asString().doesNotContain("[]");
	}

	/** Starts the application with Boot's default logging, set up by it. */
	private static ConfigurableApplicationContext start(String... arguments) {
		((LoggerContext) LoggerFactory.getILoggerFactory()).removeObject(LoggingSystem.class.getName());
		System.clearProperty(SYSTEM_PROPERTY);
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.SERVLET)
			.properties("spring.main.banner-mode=off", "server.port=0",
					// not application.properties, whose correlation pattern is the one under test; but
					// its other line too: Spring Security, on the test classpath, stays off
					"spring.config.name=request-id-log-pattern-tests",
					"spring.autoconfigure.exclude=" + String.join(",",
							"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
							"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
							"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
							"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
							"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
							DataRedisAutoConfigurations.NAMES))
			.run(arguments);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static List<String> linesWith(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@RestController
		static class HelloController {

			private static final Logger logger = LoggerFactory.getLogger(HelloController.class);

			@GetMapping("/hello")
			String hello(@org.springframework.web.bind.annotation.RequestParam(defaultValue = "false") boolean traced) {
				if (traced) {
					// what Micrometer Tracing puts in the MDC
					MDC.put("traceId", "0123456789abcdef0123456789abcdef");
					MDC.put("spanId", "0123456789abcdef");
				}
				try {
					logger.info(SAYING);
				}
				finally {
					MDC.remove("traceId");
					MDC.remove("spanId");
				}
				return "hello";
			}

		}

	}

}
