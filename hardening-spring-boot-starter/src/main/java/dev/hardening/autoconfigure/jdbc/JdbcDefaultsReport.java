package dev.hardening.autoconfigure.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hardening.autoconfigure.ChangedDefaults;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Which of {@link JdbcDefaults} took effect: those no other property source overrides, and the
 * driver settings {@link PostgresDriverDefaults} set on the pool. Logged once at startup by
 * {@link ChangedDefaults}, one line each with the old and new value and why, and shown by the
 * hardening report.
 */
public final class JdbcDefaultsReport implements ChangedDefaults.Source {

	private static final String DRIVER = "spring.datasource.hikari.data-source-properties.";

	/** The PostgreSQL driver's own values. */
	private static final Map<String, String> DRIVER_DEFAULTS = Map.of(DRIVER + "tcpKeepAlive", "false",
			DRIVER + "socketTimeout", "0", DRIVER + "ApplicationName", "PostgreSQL JDBC Driver");

	private final List<AppliedDefault> applied;

	private final List<AppliedDefault> driverDefaults;

	JdbcDefaultsReport(ConfigurableEnvironment environment, List<AppliedDefault> driverDefaults) {
		List<AppliedDefault> applied = new ArrayList<>(applied(environment));
		applied.addAll(driverDefaults);
		this.applied = List.copyOf(applied);
		this.driverDefaults = List.copyOf(driverDefaults);
	}

	/**
	 * Returns the defaults in effect.
	 * @return the defaults, in the order they were set
	 */
	public List<AppliedDefault> applied() {
		return this.applied;
	}

	/**
	 * The driver settings set on the pool, which no property source shows; the pool defaults in
	 * effect are found in the environment by {@link ChangedDefaults} itself.
	 */
	@Override
	public List<ChangedDefaults.Change> changes() {
		List<ChangedDefaults.Change> changes = new ArrayList<>();
		for (AppliedDefault applied : this.driverDefaults) {
			String before = DRIVER_DEFAULTS.getOrDefault(applied.property(), "not set");
			changes.add(new ChangedDefaults.Change(applied.property(), before, applied.value(),
					applied.property() + "=" + (before.equals("not set") ? "<the value you want>" : before),
					applied.reason()));
		}
		return changes;
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
