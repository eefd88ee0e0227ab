package dev.hardening.autoconfigure.actuate;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import dev.hardening.autoconfigure.actuate.Finding.Severity;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * The database checks of the hardening report: a PostgreSQL connection to another host without
 * TLS that checks the certificate ({@code HR-DB-TLS}), without socket or statement timeouts
 * ({@code HR-DB-TIMEOUT}), and a pool that the database cannot serve on every instance
 * ({@code HR-DB-POOL-SIZE}, asked of the database once the application is ready).
 */
final class DatabaseAudit {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseAudit.class);

	private static final Pattern STATEMENT_TIMEOUT = Pattern.compile("statement_timeout\\s*=\\s*(\\d+)");

	static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca",
			"verify-full");

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			DatabaseAudit.class.getClassLoader())
			&& ClassUtils.isPresent("org.springframework.boot.jdbc.DataSourceUnwrapper",
					DatabaseAudit.class.getClassLoader());

	private final ConfigurableEnvironment environment;

	private final ListableBeanFactory beans;

	private final ReportProperties properties;

	DatabaseAudit(ConfigurableEnvironment environment, ListableBeanFactory beans, ReportProperties properties) {
		this.environment = environment;
		this.beans = beans;
		this.properties = properties;
	}

	/**
	 * Runs the checks that the configuration alone decides: TLS and timeouts.
	 * @param findings where the findings go
	 */
	void startupFindings(List<Finding> findings) {
		Database database = database();
		if (database != null) {
			databaseTls(database, findings);
			databaseTimeouts(database, findings);
		}
	}

	/**
	 * Runs the checks that ask the database: the pool against the connections it accepts.
	 * @param findings where the findings go
	 */
	void readyFindings(List<Finding> findings) {
		Database database = database();
		if (database != null) {
			databasePoolSize(database, findings);
		}
	}

	private void databaseTls(Database database, List<Finding> findings) {
		List<String> remote = database.hosts().stream().filter((host) -> !ConfigurationAudit.isLocal(host)).toList();
		if (remote.isEmpty()) {
			return;
		}
		String mode = database.sslMode();
		int minimum = SSL_MODES.indexOf(this.properties.getMinSslmode().toLowerCase(Locale.ROOT));
		if (SSL_MODES.indexOf(mode) < minimum) {
			findings.add(new Finding("HR-DB-TLS", Severity.HIGH,
					"The JDBC URL connects to PostgreSQL on another host with sslmode=" + mode
							+ ": the connection (password included) may go unencrypted, or to a server "
							+ "whose certificate nobody checked",
					"Add sslmode=verify-full and sslrootcert=<CA file> to spring.datasource.url (or set "
							+ "hardening.report.min-sslmode=require where certificates cannot be checked)"));
		}
	}

	private void databaseTimeouts(Database database, List<Finding> findings) {
		List<String> missing = new ArrayList<>();
		String socketTimeout = database.setting("socketTimeout");
		if (socketTimeout == null || socketTimeout.equals("0")) {
			missing.add("no socketTimeout (a dead connection hangs its request until TCP gives up)");
		}
		String options = database.setting("options");
		Matcher statementTimeout = STATEMENT_TIMEOUT.matcher((options != null) ? options : "");
		if (!statementTimeout.find() || statementTimeout.group(1).matches("0+")) {
			missing.add("no statement_timeout (a runaway query holds its connection forever)");
		}
		if (!missing.isEmpty()) {
			findings.add(new Finding("HR-DB-TIMEOUT", Severity.MEDIUM,
					"PostgreSQL connections have " + String.join(" and ", missing),
					"Keep hardening.jdbc.pool-defaults on, or set socketTimeout and "
							+ "options=-c statement_timeout=<ms> in spring.datasource.hikari.data-source-properties"));
		}
	}

	private void databasePoolSize(Database database, List<Finding> findings) {
		if (database.pool() == null) {
			return;
		}
		int poolSize = database.pool().getMaximumPoolSize();
		int instances = this.properties.getExpectedInstances();
		Integer available = availableConnections(database.pool());
		if (available != null && (long) poolSize * instances > available) {
			findings.add(new Finding("HR-DB-POOL-SIZE", Severity.HIGH,
					"maximum-pool-size " + poolSize + " x " + instances + " instances = " + (poolSize * instances)
							+ " connections, but the database accepts " + available
							+ " (max_connections less reserved ones): instances will fail to connect under load",
					"Lower spring.datasource.hikari.maximum-pool-size (HikariCP's guidance: about cores x 2 per "
							+ "instance), raise max_connections, or put PgBouncer in front; set "
							+ "hardening.report.expected-instances to your real count"));
		}
	}

	private static @Nullable Integer availableConnections(HikariDataSource pool) {
		try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.setQueryTimeout(5);
			try (ResultSet result = statement.executeQuery("SELECT current_setting('max_connections')::int"
					+ " - current_setting('superuser_reserved_connections')::int"
					+ " - coalesce(current_setting('reserved_connections', true), '0')::int")) {
				return result.next() ? result.getInt(1) : null;
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not read max_connections; the pool size is not checked", ex);
			return null;
		}
	}

	private @Nullable Database database() {
		HikariDataSource pool = null;
		if (HIKARI_PRESENT) {
			javax.sql.DataSource dataSource = this.beans.getBeanProvider(javax.sql.DataSource.class).getIfUnique();
			if (dataSource != null) {
				pool = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class);
			}
		}
		String url = (pool != null && pool.getJdbcUrl() != null) ? pool.getJdbcUrl()
				: this.environment.getProperty("spring.datasource.url");
		if (url == null || !url.startsWith("jdbc:postgresql:")) {
			return null;
		}
		return new Database(url, (pool != null) ? pool.getDataSourceProperties() : new Properties(), pool);
	}

	/**
	 * A PostgreSQL data source: its URL, the driver properties the pool passes, and the pool.
	 */
	private record Database(String url, Properties driverProperties, @Nullable HikariDataSource pool) {

		List<String> hosts() {
			String rest = this.url.substring("jdbc:postgresql:".length());
			if (!rest.startsWith("//")) {
				return List.of("");
			}
			int end = rest.indexOf('/', 2);
			String authority = rest.substring(2, (end >= 0) ? end : rest.length());
			return Arrays.stream(authority.split(","))
				.map((host) -> host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
						: host.replaceFirst(":\\d*$", ""))
				.toList();
		}

		@Nullable String setting(String name) {
			int query = this.url.indexOf('?');
			if (query >= 0) {
				for (String pair : this.url.substring(query + 1).split("&")) {
					int equals = pair.indexOf('=');
					// pgjdbc's parameter names are case-sensitive: SSLMODE is not sslmode
					if (equals > 0 && pair.substring(0, equals).equals(name)) {
						return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
					}
				}
			}
			return this.driverProperties.getProperty(name);
		}

		String sslMode() {
			String mode = setting("sslmode");
			if (mode != null) {
				return mode.toLowerCase(Locale.ROOT);
			}
			// pgjdbc: ssl=true without an sslmode means verify-full
			return "true".equalsIgnoreCase(setting("ssl")) ? "verify-full" : "prefer";
		}

	}

}
