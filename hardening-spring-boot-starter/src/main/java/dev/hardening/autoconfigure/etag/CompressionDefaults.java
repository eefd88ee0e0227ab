package dev.hardening.autoconfigure.etag;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns on Spring Boot's response compression with defaults for a JSON API, as the lowest-priority
 * property source: any {@code server.compression.*} the application sets wins, and
 * {@code hardening.etag.compression-defaults=false} leaves Boot's own defaults (compression off).
 */
public final class CompressionDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "hardeningCompressionDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean on = environment.getProperty("hardening.etag.compression-defaults", Boolean.class, true)
				&& environment.getProperty("hardening.etag.enabled", Boolean.class, true);
		if (!on || environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE, Map.of("server.compression.enabled", "true",
					"server.compression.min-response-size", "1KB", "server.compression.mime-types",
					"application/json,application/problem+json,application/xml,text/html,text/xml,text/plain,"
							+ "text/css,text/javascript,application/javascript")));
	}

}
