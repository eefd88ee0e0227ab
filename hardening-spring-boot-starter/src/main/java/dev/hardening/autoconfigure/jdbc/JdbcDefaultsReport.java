package dev.hardening.autoconfigure.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Which of {@link JdbcDefaults} took effect: those no other property source overrides. Logged once
 * at startup, one line each with the value and why, and shown by the hardening report.
 */
public final class JdbcDefaultsReport {

	private static final Logger logger = LoggerFactory.getLogger(JdbcDefaultsReport.class);

	private final List<AppliedDefault> applied;

	JdbcDefaultsReport(ConfigurableEnvironment environment, List<AppliedDefault> driverDefaults) {
		List<AppliedDefault> applied = new ArrayList<>(applied(environment));
		applied.addAll(driverDefaults);
		this.applied = List.copyOf(applied);
	}

	/**
	 * Returns the defaults in effect.
	 * @return the defaults, in the order they were set
	 */
	public List<AppliedDefault> applied() {
		return this.applied;
	}

	void log() {
		for (AppliedDefault applied : this.applied) {
			logger.info("{}={} (hardening default: {})", applied.property(), applied.value(), applied.reason());
		}
	}

	private static List<AppliedDefault> applied(ConfigurableEnvironment environment) {
		PropertySource<?> defaults = environment.getPropertySources().get(JdbcDefaults.SOURCE);
		List<AppliedDefault> applied = new ArrayList<>();
		if (!(defaults instanceof org.springframework.core.env.MapPropertySource map)) {
			return applied;
		}
		for (Map.Entry<String, Object> entry : map.getSource().entrySet()) {
			if (firstSourceOf(environment, entry.getKey()) == defaults) {
				applied.add(new AppliedDefault(entry.getKey(), String.valueOf(entry.getValue()),
						JdbcDefaults.REASONS.getOrDefault(entry.getKey(), "")));
			}
		}
		return List.copyOf(applied);
	}

	/** The source the binder takes a property from, whatever form (camelCase, env var) it is set in. */
	private static @Nullable Object firstSourceOf(ConfigurableEnvironment environment, String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getConfigurationProperty(property) != null) {
				return source.getUnderlyingSource();
			}
		}
		return null;
	}

	/**
	 * A default in effect.
	 *
	 * @param property the property
	 * @param value its value
	 * @param reason why it is set
	 */
	public record AppliedDefault(String property, String value, String reason) {
	}

}
