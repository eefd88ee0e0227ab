package dev.hardening.autoconfigure.requestid;

import dev.hardening.autoconfigure.StarterDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Puts the request ID on the lines of Spring Boot's default console and file patterns: gives
 * {@code logging.pattern.correlation}, the slot Boot's patterns keep for correlation data, a
 * default as the lowest-priority property source, when the application does not set it. It renders
 * {@code [id] } while a request runs and nothing outside one, as Boot's application name does when
 * there is none; with Micrometer Tracing expecting a correlation ID, Boot's own {@code %correlationId}
 * (trace and span) follows it. Logback only, only for servlet applications, and not when every
 * log line is structured (JSON), which carries the ID as a field already.
 * {@code hardening.request-id.log-correlation=false} leaves the pattern alone.
 */
public final class RequestIdLogPattern implements EnvironmentPostProcessor {

	static final String SOURCE = "hardeningRequestIdLogPattern";

	static final String PROPERTY = "logging.pattern.correlation";

	/** {@code [id] } in a request, nothing outside one: Logback's {@code %replace} drops an empty pair. */
	static final String PATTERN = "%replace([%X{" + RequestIdFilter.MDC_KEY + "}] ){'^\\[\\] $', ''}";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (application.getWebApplicationType() != WebApplicationType.SERVLET
				|| !environment.getProperty("hardening.request-id.enabled", Boolean.class, true)
				|| !environment.getProperty("hardening.request-id.log-correlation", Boolean.class, true)
				|| environment.getPropertySources().contains(SOURCE) || StarterDefaults.isSet(environment, PROPERTY)
				|| !isLogback(application.getClassLoader()) || !usesPatterns(environment)) {
			return;
		}
		environment.getPropertySources()
			.addLast(StarterDefaults.builder(SOURCE)
				.put(PROPERTY, () -> pattern(environment), "not set (no request ID on log lines)",
						"hardening.request-id.log-correlation=false")
				.build());
	}

	/** Read when the logging system starts, after Micrometer Tracing has said whether it expects IDs. */
	private static String pattern(ConfigurableEnvironment environment) {
		boolean tracing = environment.getProperty(LoggingSystem.EXPECT_CORRELATION_ID_PROPERTY, Boolean.class, false);
		return tracing ? PATTERN + "%correlationId" : PATTERN;
	}

	/** Structured console logging without a plain log file writes no pattern; its JSON has the ID. */
	private static boolean usesPatterns(ConfigurableEnvironment environment) {
		boolean structuredConsole = StarterDefaults.isSet(environment, "logging.structured.format.console");
		boolean plainFile = (StarterDefaults.isSet(environment, "logging.file.name")
				|| StarterDefaults.isSet(environment, "logging.file.path"))
				&& !StarterDefaults.isSet(environment, "logging.structured.format.file");
		return !structuredConsole || plainFile;
	}

	private static boolean isLogback(ClassLoader classLoader) {
		return ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", classLoader)
				&& LoggingSystem.get(classLoader).getClass().getName().startsWith("org.springframework.boot.logging.logback.");
	}

}
