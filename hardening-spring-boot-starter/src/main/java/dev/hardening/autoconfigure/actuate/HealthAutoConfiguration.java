package dev.hardening.autoconfigure.actuate;

import javax.sql.DataSource;

import dev.hardening.autoconfigure.redis.HardeningRedisAutoConfiguration;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisProbe;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Health checks of the database and Redis that tell the truth and cost little: each with a
 * timeout, run in parallel, one at a time per dependency, and reused for
 * {@code hardening.health.cache-ttl} by every health path. They replace Boot's {@code db} and
 * {@code redis} indicators (same names, so groups and settings that name them keep working) and
 * join the readiness group, never liveness.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration" },
		after = HardeningRedisAutoConfiguration.class,
		beforeName = { "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration" })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "hardening.health.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HealthProperties.class)
public final class HealthAutoConfiguration {

	@Bean(destroyMethod = "destroy")
	HealthChecks hardeningHealthChecks(HealthProperties properties) {
		if (properties.getTimeout().isNegative() || properties.getTimeout().isZero()) {
			throw new InvalidConfigurationPropertyValueException("hardening.health.timeout", properties.getTimeout(),
					"It must be positive.");
		}
		if (properties.getCacheTtl().isNegative()) {
			throw new InvalidConfigurationPropertyValueException("hardening.health.cache-ttl",
					properties.getCacheTtl(), "It must not be negative; 0s checks on every call.");
		}
		return new HealthChecks(properties.getTimeout(), properties.getCacheTtl());
	}

	@Bean
	@ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
	@ConditionalOnBooleanProperty(name = "hardening.health.readiness-includes-dependencies", matchIfMissing = true)
	static ReadinessIncludesDependencies readinessIncludesDependencies(Environment environment,
			HealthChecks checks) {
		return new ReadinessIncludesDependencies(ReadinessIncludesDependencies.groupDefinedBy(environment), checks);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ DataSource.class, DataSourceUnwrapper.class })
	@ConditionalOnSingleCandidate(DataSource.class)
	@ConditionalOnEnabledHealthIndicator("db")
	static class DatabaseHealthConfiguration {

		private static final boolean MICROMETER_PRESENT = ClassUtils
			.isPresent("io.micrometer.core.instrument.MeterRegistry", DatabaseHealthConfiguration.class.getClassLoader());

		@Bean
		@ConditionalOnMissingBean(name = { "dbHealthIndicator", "dbHealthContributor" })
		HealthIndicator dbHealthIndicator(HealthChecks checks, DataSource dataSource, HealthProperties properties,
				ListableBeanFactory beans) {
			return checks.guard("db", new DatabaseHealthCheck(dataSource, properties.getTimeout(), properties.getDb(),
					poolMeters(beans)));
		}

		private static DatabaseHealthCheck.PoolMeters poolMeters(ListableBeanFactory beans) {
			if (!MICROMETER_PRESENT) {
				return DatabaseHealthCheck.PoolMeters.NONE;
			}
			MeterRegistry registry = beans.getBeanProvider(MeterRegistry.class).getIfUnique();
			return (registry != null) ? new MicrometerPoolMeters(registry) : DatabaseHealthCheck.PoolMeters.NONE;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(RedisConnector.class)
	@ConditionalOnEnabledHealthIndicator("redis")
	static class RedisHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = { "redisHealthIndicator", "redisHealthContributor" })
		HealthIndicator redisHealthIndicator(HealthChecks checks, RedisConnector connector) {
			return checks.guard("redis", new RedisHealthCheck(new RedisProbe(connector)));
		}

	}

}
