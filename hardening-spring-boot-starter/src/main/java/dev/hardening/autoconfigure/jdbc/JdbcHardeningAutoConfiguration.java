package dev.hardening.autoconfigure.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.autoconfigure.error.ApiExceptionHandler;
import dev.hardening.autoconfigure.error.ErrorsAutoConfiguration;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The database edge: the defaults {@link JdbcDefaults} set, reported to
 * {@link dev.hardening.autoconfigure.ChangedDefaults}; problems for an
 * exhausted pool and a timed-out statement; statements counted per request.
 */
@AutoConfiguration(after = ErrorsAutoConfiguration.class)
@ConditionalOnClass(DataSource.class)
@ConditionalOnBooleanProperty(name = "hardening.jdbc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JdbcProperties.class)
public final class JdbcHardeningAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JdbcDefaultsReport jdbcDefaultsReport(ConfigurableEnvironment environment,
			ObjectProvider<PostgresDriverDefaults> driverDefaults) {
		PostgresDriverDefaults driver = driverDefaults.getIfAvailable();
		return new JdbcDefaultsReport(environment, (driver != null) ? driver.applied() : java.util.List.of());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HikariDataSource.class)
	@ConditionalOnBooleanProperty(name = "hardening.jdbc.pool-defaults", matchIfMissing = true)
	static class DriverDefaultsConfiguration {

		@Bean
		static PostgresDriverDefaults postgresDriverDefaults(Environment environment) {
			Duration statementTimeout = Binder.get(environment)
				.bind("hardening.jdbc.statement-timeout", Duration.class)
				.orElse(Duration.ofSeconds(30));
			return new PostgresDriverDefaults(statementTimeout, environment.getProperty("spring.application.name"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ DataAccessException.class, CannotGetJdbcConnectionException.class,
			CannotCreateTransactionException.class, ApiExceptionHandler.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ProblemsConfiguration {

		@Bean
		@ConditionalOnBean(ApiExceptionHandler.class)
		@ConditionalOnMissingBean
		DatabaseExceptionHandler databaseExceptionHandler(ApiExceptionHandler problems, JdbcProperties properties) {
			return new DatabaseExceptionHandler(problems, properties.getUnavailableRetryAfter());
		}

		@Bean
		@ConditionalOnBean(ApiExceptionHandler.class)
		@ConditionalOnMissingBean
		DatabaseConflictHandler databaseConflictHandler(ApiExceptionHandler problems) {
			return new DatabaseConflictHandler(problems);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ProxyDataSource.class)
	@ConditionalOnBooleanProperty(name = "hardening.jdbc.query-counting", matchIfMissing = true)
	static class QueryCountingConfiguration {

		@Bean
		static StatementCountingDataSources statementCountingDataSources(Environment environment) {
			long slowMillis = Binder.get(environment)
				.bind("hardening.jdbc.slow-query-threshold", Duration.class)
				.orElse(Duration.ofMillis(500))
				.toMillis();
			return new StatementCountingDataSources(new StatementCounter(slowMillis));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ProxyDataSource.class, OncePerRequestFilter.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnBooleanProperty(name = "hardening.jdbc.query-counting", matchIfMissing = true)
	static class QueryCountingFilterConfiguration {

		/**
		 * The filter that counts each request's statements, registered only when the application has
		 * a {@link DataSource} bean, whose statements are the ones counted: a service without a
		 * database does not open a scope for every request. Decided as {@code @ConditionalOnBean}
		 * would (no eager initialization), when every bean is defined, whatever the order of the
		 * auto-configurations.
		 * @param properties the JDBC properties
		 * @param meters the meter registry, if any
		 * @param beans the bean factory, asked for data sources
		 * @return the filter's registration
		 */
		@Bean
		@ConditionalOnMissingBean(name = "hardeningQueryCountingFilter")
		FilterRegistrationBean<QueryCountingFilter> hardeningQueryCountingFilter(JdbcProperties properties,
				ObjectProvider<MeterRegistry> meters, ListableBeanFactory beans) {
			FilterRegistrationBean<QueryCountingFilter> registration = new FilterRegistrationBean<>(
					new QueryCountingFilter(properties.getMaxQueriesPerRequest(), properties.getMaxRepeats(), meters));
			registration.setOrder(FilterOrder.QUERY_COUNTING);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
			registration.setEnabled(beans.getBeanNamesForType(DataSource.class, true, false).length > 0);
			return registration;
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(WebMvcConfigurer.class)
		static class AsyncConfiguration implements WebMvcConfigurer {

			@Override
			public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
				// the statements of a Callable count for its request
				configurer.registerCallableInterceptors(new QueryScopeCallableInterceptor());
			}

		}

	}

}
