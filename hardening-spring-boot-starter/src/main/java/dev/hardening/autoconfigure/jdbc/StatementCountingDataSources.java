package dev.hardening.autoconfigure.jdbc;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.hardening.autoconfigure.jdbc.StatementShapes.Strings;
import net.ttddyy.dsproxy.listener.ChainListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Puts every {@link DataSource} bean behind a datasource-proxy that tells the
 * {@link StatementCounter}, or, when the application already has such a proxy, adds the counter
 * to it. The pool stays reachable through {@code unwrap}, as Spring Boot's pool metrics expect.
 * The counter learns from a HikariCP pool's JDBC URL how its database reads strings; statements
 * of other pools, and of proxies the application made, are shaped as of a database not known.
 */
final class StatementCountingDataSources implements BeanPostProcessor {

	// databases whose plain strings take no backslash escapes and whose "…" are names
	private static final List<String> STANDARD = List.of("jdbc:postgresql:", "jdbc:h2:", "jdbc:hsqldb:",
			"jdbc:oracle:", "jdbc:sqlserver:", "jdbc:derby:", "jdbc:db2:");

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			StatementCountingDataSources.class.getClassLoader());

	private final StatementCounter counter;

	StatementCountingDataSources(StatementCounter counter) {
		this.counter = counter;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource)) {
			return bean;
		}
		if (bean instanceof ProxyDataSource proxy) {
			QueryExecutionListener listener = proxy.getProxyConfig().getQueryListener();
			if (listener instanceof ChainListener chain && !chain.getListeners().contains(this.counter)) {
				chain.addListener(this.counter);
			}
			return bean;
		}
		this.counter.strings(beanName, strings(dataSource));
		return ProxyDataSourceBuilder.create(dataSource).name(beanName).listener(this.counter).build();
	}

	/** How the database reads strings, from the pool's JDBC URL; not known for other pools. */
	static Strings strings(DataSource dataSource) {
		String url = null;
		try {
			if (HIKARI_PRESENT && dataSource.isWrapperFor(HikariDataSource.class)) {
				url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
			}
		}
		catch (SQLException ex) {
			return Strings.UNKNOWN;
		}
		return strings(url);
	}

	static Strings strings(@Nullable String url) {
		if (url == null) {
			return Strings.UNKNOWN;
		}
		if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
			return Strings.BACKSLASH_ESCAPES;
		}
		for (String standard : STANDARD) {
			if (url.startsWith(standard)) {
				return Strings.STANDARD;
			}
		}
		return Strings.UNKNOWN;
	}

}
