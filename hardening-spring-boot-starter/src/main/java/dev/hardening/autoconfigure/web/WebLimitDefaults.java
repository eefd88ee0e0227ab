package dev.hardening.autoconfigure.web;

import java.util.List;

import dev.hardening.autoconfigure.StarterDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.unit.DataSize;

/**
 * Gives Jackson read limits sized for an API, as the lowest-priority property source, so any
 * {@code spring.jackson.factory.constraints.read.*} the application sets wins: nesting depth 64
 * (Jackson's is 500), strings of 1,000,000 characters (100,000,000), and documents no longer than
 * the largest body limit of any path (unlimited). Also quiets Tomcat's own log line, with a stack trace, for each
 * kind of malformed request, which the error report valve answers and counts instead.
 */
public final class WebLimitDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "hardeningWebLimitDefaults";

	private static final String PREFIX = "spring.jackson.factory.constraints.read.";

	private static final String INHERITED = "inherited from the root logger (INFO by default)";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean on = environment.getProperty("hardening.web.enabled", Boolean.class, true)
				&& environment.getProperty("hardening.web.limits.enabled", Boolean.class, true)
				&& environment.getProperty("hardening.web.limits.json-constraints", Boolean.class, true);
		if (!environment.getProperty("hardening.web.enabled", Boolean.class, true)
				|| environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		StarterDefaults.Builder defaults = StarterDefaults.builder(SOURCE);
		if (environment.getProperty("hardening.web.container-errors.enabled", Boolean.class, true)) {
			// Tomcat logs each kind of malformed request once at INFO with a stack trace; the
			// valve answers them with problems and counts them instead
			defaults.put("logging.level.org.apache.coyote.http11.Http11Processor", "WARN", INHERITED,
					"logging.level.org.apache.coyote.http11.Http11Processor=INFO");
			// Tomcat quotes an invalid Cookie header, raw, at INFO; the cookie is ignored either way
			defaults.put("logging.level.org.apache.tomcat.util.http.parser.Cookie", "WARN", INHERITED,
					"logging.level.org.apache.tomcat.util.http.parser.Cookie=INFO");
		}
		if (!on) {
			environment.getPropertySources().addLast(defaults.build());
			return;
		}
		Binder binder = Binder.get(environment);
		long body = binder.bind("hardening.web.limits.max-body-size", DataSize.class)
			.orElse(DataSize.ofMegabytes(1))
			.toBytes();
		// the body limit of each path bounds its documents already: Jackson's must not cut an
		// override's path shorter
		for (HardeningWebProperties.BodySizeOverride override : binder
			.bind("hardening.web.limits.body-size-overrides", Bindable.listOf(HardeningWebProperties.BodySizeOverride.class))
			.orElse(List.of())) {
			if (override.getMaxSize() != null) {
				body = Math.max(body, override.getMaxSize().toBytes());
			}
		}
		defaults.put(PREFIX + "max-nesting-depth", "64", "500", PREFIX + "max-nesting-depth=500");
		defaults.put(PREFIX + "max-string-length", "1000000", "100000000", PREFIX + "max-string-length=100000000");
		defaults.put(PREFIX + "max-document-length", Long.toString(Math.max(1, body)), "-1 (unlimited)",
				PREFIX + "max-document-length=-1");
		environment.getPropertySources().addLast(defaults.build());
	}

}
