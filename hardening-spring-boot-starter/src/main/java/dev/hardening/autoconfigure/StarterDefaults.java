package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults the starter gives Spring Boot properties, meant to be added last (lowest precedence), so
 * that any value the application sets, in any form, wins; or, for a value the starter replaces by
 * an equivalent (as {@code ecs} by its own ECS formatter), added first. Each knows the value it replaces and the
 * property that restores it, so {@link ChangedDefaults} can say which took effect.
 */
public final class StarterDefaults extends MapPropertySource {

	private final Map<String, Replaced> replaced;

	private StarterDefaults(String name, Map<String, Object> values, Map<String, Replaced> replaced) {
		super(name, values);
		this.replaced = replaced;
	}

	/**
	 * Starts a set of defaults.
	 * @param name the name of the property source
	 * @return a builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	@Override
	public @Nullable Object getProperty(String name) {
		Object value = super.getProperty(name);
		return (value instanceof Supplier<?> supplier) ? supplier.get() : value;
	}

	/**
	 * Returns the defaults that took effect: those no other property source sets, whatever form
	 * (camelCase, environment variable) the other sets it in.
	 * @param environment the environment this source was added to
	 * @return the changes in effect, in the order the defaults were put
	 */
	public List<ChangedDefaults.Change> inEffect(ConfigurableEnvironment environment) {
		List<ChangedDefaults.Change> changes = new ArrayList<>();
		for (Map.Entry<String, Replaced> entry : this.replaced.entrySet()) {
			Object value = getProperty(entry.getKey());
			Replaced replaced = entry.getValue();
			if (value != null && !String.valueOf(value).equals(replaced.before())
					&& firstSourceOf(environment, entry.getKey()) == this) {
				changes.add(new ChangedDefaults.Change(entry.getKey(), replaced.before(), String.valueOf(value),
						replaced.restore(), replaced.reason()));
			}
		}
		return changes;
	}

	/**
	 * Tells whether the application sets a property itself, in any property source.
	 * @param environment the environment, before the starter's defaults are added
	 * @param name the property, in its canonical form
	 * @return whether a source sets it
	 */
	public static boolean isSet(ConfigurableEnvironment environment, String name) {
		return firstSourceOf(environment, name) != null;
	}

	/** The source the binder takes a property from, whatever form it is set in. */
	private static @Nullable Object firstSourceOf(ConfigurableEnvironment environment, String name) {
		ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getConfigurationProperty(property) != null) {
				return source.getUnderlyingSource();
			}
		}
		return null;
	}

	private record Replaced(String before, String restore, @Nullable String reason) {
	}

	/**
	 * Builds {@link StarterDefaults}.
	 */
	public static final class Builder {

		private final String name;

		private final Map<String, Object> values = new LinkedHashMap<>();

		private final Map<String, Replaced> replaced = new LinkedHashMap<>();

		private Builder(String name) {
			this.name = name;
		}

		/**
		 * Adds a default.
		 * @param property the property, in its canonical form
		 * @param value its value
		 * @param before the value it has without the starter, as the log line should say it
		 * @param restore the property, with its value, that brings the old value back
		 * @return this builder
		 */
		public Builder put(String property, String value, String before, String restore) {
			return put(property, value, before, restore, null);
		}

		/**
		 * Adds a default with the reason for it.
		 * @param property the property, in its canonical form
		 * @param value its value
		 * @param before the value it has without the starter, as the log line should say it
		 * @param restore the property, with its value, that brings the old value back
		 * @param reason why the starter sets it, or {@code null}
		 * @return this builder
		 */
		public Builder put(String property, String value, String before, String restore, @Nullable String reason) {
			this.values.put(property, value);
			this.replaced.put(property, new Replaced(before, restore, reason));
			return this;
		}

		/**
		 * Adds a default whose value is worked out each time it is read, from settings that other
		 * property sources, added later, may provide.
		 * @param property the property, in its canonical form
		 * @param value gives its value, or {@code null} for none
		 * @param before the value it has without the starter, as the log line should say it
		 * @param restore the property, with its value, that brings the old value back
		 * @return this builder
		 */
		public Builder put(String property, Supplier<@Nullable String> value, String before, String restore) {
			this.values.put(property, value);
			this.replaced.put(property, new Replaced(before, restore, null));
			return this;
		}

		/**
		 * Builds the property source.
		 * @return the defaults
		 */
		public StarterDefaults build() {
			return new StarterDefaults(this.name, new LinkedHashMap<>(this.values),
					Collections.unmodifiableMap(new LinkedHashMap<>(this.replaced)));
		}

	}

}
