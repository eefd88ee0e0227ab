package dev.hardening.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The settings of an existing application whose effective value differs because the starter is
 * there: said once when the application is ready, at INFO, one line each, naming the setting, the
 * value it had, the value it has, and how to get the old one back. A setting the application set
 * itself, and that the starter respects, is never in it.
 * <p>
 * The changes come from two places: the {@link StarterDefaults} property sources that the
 * starter's environment post-processors add, for the keys no other source overrides, and the
 * beans that implement {@link Source}, for changes made where no property expresses them (the
 * cache manager, the PostgreSQL driver, Tomcat's connector). Registered in
 * {@code META-INF/spring.factories}, so it speaks for every application, whatever is excluded.
 */
public final class ChangedDefaults implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ChangedDefaults.class);

	private static final Map<ApplicationContext, Boolean> told = Collections.synchronizedMap(new WeakHashMap<>());

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		// a parent context hears its children's events too: each context is told once
		if (told.put(context, Boolean.TRUE) != null) {
			return;
		}
		for (Change change : of(context)) {
			logger.info(change.message());
		}
	}

	/**
	 * Returns the changes in effect in an application, each setting once.
	 * @param context the application's context
	 * @return the changes, environment defaults first
	 */
	public static List<Change> of(ApplicationContext context) {
		Map<String, Change> changes = new LinkedHashMap<>();
		if (context.getEnvironment() instanceof ConfigurableEnvironment environment) {
			for (PropertySource<?> source : environment.getPropertySources()) {
				if (source instanceof StarterDefaults defaults) {
					defaults.inEffect(environment).forEach((change) -> changes.putIfAbsent(change.setting(), change));
				}
			}
		}
		context.getBeanProvider(Source.class)
			.orderedStream()
			.flatMap((source) -> source.changes().stream())
			.forEach((change) -> changes.putIfAbsent(change.setting(), change));
		return List.copyOf(new ArrayList<>(changes.values()));
	}

	/**
	 * A bean that changed something no property source of the starter expresses.
	 */
	@FunctionalInterface
	public interface Source {

		/**
		 * Returns the changes in effect, asked once the application is ready.
		 * @return the changes, none when the application set everything itself
		 */
		List<Change> changes();

	}

	/**
	 * One setting whose effective value the starter changed.
	 *
	 * @param setting the property (or, where none exists, the name of the setting)
	 * @param before the value without the starter
	 * @param after the value with it
	 * @param restore the property, with its value, that brings the old value back
	 * @param reason why the starter changes it, or {@code null}
	 */
	public record Change(String setting, String before, String after, String restore, @Nullable String reason) {

		/**
		 * Creates a change without a reason.
		 * @param setting the property
		 * @param before the value without the starter
		 * @param after the value with it
		 * @param restore the property, with its value, that brings the old value back
		 */
		public Change(String setting, String before, String after, String restore) {
			this(setting, before, after, restore, null);
		}

		/**
		 * Returns the log line.
		 * @return the line, such as {@code Changed by hardening: server.compression.enabled: false -> true
		 * (restore: server.compression.enabled=false)}
		 */
		public String message() {
			return "Changed by hardening: " + this.setting + ": " + this.before + " -> " + this.after + " (restore: "
					+ this.restore + ((this.reason != null) ? "; why: " + this.reason : "") + ")";
		}

	}

}
