package dev.hardening.autoconfigure.logging;

import java.util.Locale;

import dev.hardening.autoconfigure.StarterDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Makes {@code ecs}, as Spring Boot's structured log format for the console or the file, mean the
 * starter's {@link EcsStructuredLogFormatter}: the same lines, byte for byte, for a fraction of
 * the CPU and allocation of Boot's formatter, which matters on every access-log line. Added first,
 * so that it replaces the application's {@code ecs}, and only that value (any other format, or a
 * class of the application's own, is left alone); {@link dev.hardening.autoconfigure.ChangedDefaults}
 * logs the change at startup. Logback only. {@code hardening.logging.ecs-formatter=false} leaves
 * {@code ecs} to Boot's formatter. A {@code <format>ecs</format>} in the application's own
 * {@code logback-spring.xml} is not a property: it is left as written.
 */
public final class EcsFormatDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "hardeningEcsFormatter";

	static final String SWITCH = "hardening.logging.ecs-formatter";

	static final String[] PROPERTIES = { "logging.structured.format.console", "logging.structured.format.file" };

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty(SWITCH, Boolean.class, true) || environment.getPropertySources().contains(SOURCE)
				|| !isLogback(application.getClassLoader())) {
			return;
		}
		StarterDefaults.Builder defaults = StarterDefaults.builder(SOURCE);
		boolean any = false;
		for (String property : PROPERTIES) {
			String format = environment.getProperty(property);
			if (format != null && format.strip().toLowerCase(Locale.ROOT).equals("ecs")) {
				defaults.put(property, EcsStructuredLogFormatter.class.getName(), format, SWITCH + "=false",
						"the same lines at a fraction of the cost");
				any = true;
			}
		}
		if (any) {
			environment.getPropertySources().addFirst(defaults.build());
		}
	}

	private static boolean isLogback(ClassLoader classLoader) {
		return ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", classLoader)
				&& LoggingSystem.get(classLoader).getClass().getName().startsWith("org.springframework.boot.logging.logback.");
	}

}
