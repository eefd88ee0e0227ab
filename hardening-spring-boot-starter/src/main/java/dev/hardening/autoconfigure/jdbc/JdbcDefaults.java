package dev.hardening.autoconfigure.jdbc;

import java.util.Map;

import dev.hardening.autoconfigure.StarterDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Production defaults for HikariCP, as the lowest-priority property source, so any value the
 * application sets wins; the PostgreSQL driver's are set on the pool by
 * {@link PostgresDriverDefaults}, once its URL is known. {@link JdbcDefaultsReport} says which took
 * effect, and {@link dev.hardening.autoconfigure.ChangedDefaults} logs them once at startup, with
 * why each is there.
 */
public final class JdbcDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "hardeningJdbcDefaults";

	private static final String HIKARI = "spring.datasource.hikari.";

	private static final String DRIVER = HIKARI + "data-source-properties.";

	/** Why each default is there, by property. */
	static final Map<String, String> REASONS = Map.of(HIKARI + "connection-timeout",
			"an exhausted pool fails fast instead of holding requests for 30 s", HIKARI + "max-lifetime",
			"connections are renewed before common load balancer, firewall and server idle limits cut them",
			HIKARI + "keepalive-time", "idle connections are kept alive through NAT and firewalls",
			HIKARI + "leak-detection-threshold", "a connection held for a minute is reported with where it was taken",
			HIKARI + "pool-name", "logs, thread dumps and the hikaricp.* metrics name the pool after the service",
			DRIVER + "tcpKeepAlive", "a dead database connection is noticed by the operating system",
			DRIVER + "socketTimeout", "a read on a dead connection ends instead of hanging the thread",
			DRIVER + "ApplicationName", "the database shows which service a connection belongs to",
			DRIVER + "options", "statements are cancelled past hardening.jdbc.statement-timeout");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("hardening.jdbc.enabled", Boolean.class, true)
				|| !environment.getProperty("hardening.jdbc.pool-defaults", Boolean.class, true)
				|| environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		// before: HikariCP's own defaults; a default equal to HikariCP's is not reported as a change
		StarterDefaults.Builder defaults = StarterDefaults.builder(SOURCE);
		put(defaults, "connection-timeout", "3000", "30000");
		put(defaults, "max-lifetime", "600000", "1800000");
		put(defaults, "keepalive-time", "120000", "120000");
		put(defaults, "leak-detection-threshold", "60000", "0");
		String name = environment.getProperty("spring.application.name");
		if (name != null && !name.isBlank()) {
			defaults.put(HIKARI + "pool-name", name.strip(), "HikariPool-1 (generated)",
					HIKARI + "pool-name=<the name you want>", REASONS.get(HIKARI + "pool-name"));
		}
		environment.getPropertySources().addLast(defaults.build());
	}

	private static void put(StarterDefaults.Builder defaults, String name, String value, String hikari) {
		defaults.put(HIKARI + name, value, hikari, HIKARI + name + "=" + hikari, REASONS.get(HIKARI + name));
	}

}
