package dev.hardening.autoconfigure.etag;

import dev.hardening.autoconfigure.StarterDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns on Spring Boot's response compression with defaults for a JSON API, as the lowest-priority
 * property source, unless the application sets any {@code server.compression.*} itself: then its
 * settings and Boot's defaults stand. {@code hardening.etag.compression-defaults=false} leaves
 * Boot's own defaults (compression off). Each default in effect is logged once at startup by
 * {@link dev.hardening.autoconfigure.ChangedDefaults}.
 */
public final class CompressionDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "hardeningCompressionDefaults";

	private static final String MIME_TYPES = "application/json,application/problem+json,application/xml,text/html,"
			+ "text/xml,text/plain,text/css,text/javascript,application/javascript";

	/** Spring Boot's own, in its order. */
	private static final String BOOT_MIME_TYPES = "text/html,text/xml,text/plain,text/css,text/javascript,"
			+ "application/javascript,application/json,application/xml";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean on = environment.getProperty("hardening.etag.compression-defaults", Boolean.class, true)
				&& environment.getProperty("hardening.etag.enabled", Boolean.class, true);
		if (!on || environment.getPropertySources().contains(SOURCE) || setByApplication(environment)) {
			return;
		}
		environment.getPropertySources()
			.addLast(StarterDefaults.builder(SOURCE)
				.put("server.compression.enabled", "true", "false", "server.compression.enabled=false")
				.put("server.compression.min-response-size", "1KB", "2KB", "server.compression.min-response-size=2KB")
				.put("server.compression.mime-types", MIME_TYPES, BOOT_MIME_TYPES,
						"server.compression.mime-types=" + BOOT_MIME_TYPES)
				.build());
	}

	/** An application that configures compression in any way keeps Boot's behaviour and its own. */
	private static boolean setByApplication(ConfigurableEnvironment environment) {
		return Binder.get(environment).bind("server.compression", Bindable.mapOf(String.class, Object.class)).isBound();
	}

}
