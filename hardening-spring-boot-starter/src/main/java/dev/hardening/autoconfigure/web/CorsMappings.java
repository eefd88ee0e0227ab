package dev.hardening.autoconfigure.web;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.hardening.autoconfigure.web.CorsProperties.CorsMapping;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Turns {@code hardening.web.cors.mappings} into Spring's {@link CorsConfiguration}s, refusing at
 * startup what Spring would only refuse per request (a {@code 500} each) or would accept to
 * every origin's harm: {@code *} with credentials, an origin pattern that matches every origin
 * with credentials, the {@code null} origin, and origins with a path or without a scheme.
 */
final class CorsMappings {

	private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9.-]+(:\\d{1,5})?|https?://\\[[0-9a-f:.]+](:\\d{1,5})?");

	private CorsMappings() {
	}

	static UrlBasedCorsConfigurationSource source(List<CorsMapping> mappings) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		for (int i = 0; i < mappings.size(); i++) {
			CorsMapping mapping = mappings.get(i);
			String prefix = "hardening.web.cors.mappings[" + i + "]";
			CorsConfiguration configuration = configuration(prefix, mapping);
			for (String path : mapping.getPaths()) {
				source.registerCorsConfiguration(path, configuration);
			}
		}
		return source;
	}

	private static CorsConfiguration configuration(String prefix, CorsMapping mapping) {
		for (String origin : mapping.getAllowedOrigins()) {
			checkOrigin(prefix + ".allowed-origins", origin, mapping.isAllowCredentials());
		}
		for (String pattern : mapping.getAllowedOriginPatterns()) {
			checkPattern(prefix + ".allowed-origin-patterns", pattern, mapping.isAllowCredentials());
		}
		if (mapping.getAllowedOrigins().isEmpty() && mapping.getAllowedOriginPatterns().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".allowed-origins", "[]",
					"A CORS mapping needs allowed-origins or allowed-origin-patterns.");
		}
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(List.copyOf(mapping.getAllowedOrigins()));
		configuration.setAllowedOriginPatterns(List.copyOf(mapping.getAllowedOriginPatterns()));
		configuration.setAllowedMethods(List.copyOf(mapping.getAllowedMethods()));
		configuration.setAllowedHeaders(List.copyOf(mapping.getAllowedHeaders()));
		configuration.setExposedHeaders(List.copyOf(mapping.getExposedHeaders()));
		configuration.setAllowCredentials(mapping.isAllowCredentials());
		configuration.setMaxAge(mapping.getMaxAge());
		return configuration;
	}

	private static void checkOrigin(String property, String origin, boolean credentials) {
		String lower = origin.strip().toLowerCase(Locale.ROOT);
		if (lower.equals("null")) {
			throw new InvalidConfigurationPropertyValueException(property, origin,
					"The 'null' origin is sent by sandboxed pages and local files; allowing it allows them all.");
		}
		if (lower.equals("*")) {
			if (credentials) {
				throw new InvalidConfigurationPropertyValueException(property, origin,
						"'*' cannot be combined with allow-credentials: list the origins that may send credentials.");
			}
			return;
		}
		if (!ORIGIN.matcher(lower).matches()) {
			throw new InvalidConfigurationPropertyValueException(property, origin,
					"An origin is a scheme, a host and an optional port, such as https://app.example.com, with no path.");
		}
	}

	private static void checkPattern(String property, String pattern, boolean credentials) {
		String lower = pattern.strip().toLowerCase(Locale.ROOT);
		if (lower.contains("null")) {
			throw new InvalidConfigurationPropertyValueException(property, pattern,
					"The 'null' origin is sent by sandboxed pages and local files; allowing it allows them all.");
		}
		String host = lower.replaceFirst("^[a-z*]+://", "").replaceFirst(":[^:\\]]*$", "");
		boolean matchesAll = lower.equals("*") || host.equals("*") || host.isEmpty();
		if (matchesAll && credentials) {
			throw new InvalidConfigurationPropertyValueException(property, pattern,
					"This pattern matches every origin, and with allow-credentials Spring would answer any site with "
							+ "the user's credentials: list the origins, or patterns such as https://*.example.com.");
		}
		if (!lower.equals("*") && !lower.matches("[a-z*]+://[^/]+")) {
			throw new InvalidConfigurationPropertyValueException(property, pattern,
					"An origin pattern is a scheme, a host and an optional port, such as https://*.example.com, "
							+ "with no path.");
		}
	}

}
