package dev.hardening.autoconfigure.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Gives a HikariCP pool of PostgreSQL the driver settings it lacks, before the pool starts:
 * TCP keepalive, a socket timeout above the statement timeout, the application name, and
 * {@code statement_timeout} for every connection. Runs after Spring Boot has bound
 * {@code spring.datasource.hikari.*}, so any of these the application set is left as it is.
 */
final class PostgresDriverDefaults implements BeanPostProcessor, Ordered {

	private final Duration statementTimeout;

	private final @Nullable String applicationName;

	private final List<JdbcDefaultsReport.AppliedDefault> applied = new ArrayList<>();

	PostgresDriverDefaults(Duration statementTimeout, @Nullable String applicationName) {
		this.statementTimeout = statementTimeout;
		this.applicationName = applicationName;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
				&& hikari.getJdbcUrl().startsWith("jdbc:postgresql:")) {
			Properties properties = hikari.getDataSourceProperties();
			for (Map.Entry<String, String> setting : settings().entrySet()) {
				if (!properties.containsKey(setting.getKey())) {
					hikari.addDataSourceProperty(setting.getKey(), setting.getValue());
					String property = "spring.datasource.hikari.data-source-properties." + setting.getKey();
					this.applied.add(new JdbcDefaultsReport.AppliedDefault(property, setting.getValue(),
							JdbcDefaults.REASONS.getOrDefault(property, "")));
				}
			}
		}
		return bean;
	}

	List<JdbcDefaultsReport.AppliedDefault> applied() {
		return List.copyOf(this.applied);
	}

	private Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("tcpKeepAlive", "true");
		settings.put("socketTimeout", Long.toString(this.statementTimeout.toSeconds() + 30));
		if (this.applicationName != null && !this.applicationName.isBlank()) {
			settings.put("ApplicationName", this.applicationName);
		}
		settings.put("options", "-c statement_timeout=" + this.statementTimeout.toMillis());
		return settings;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
