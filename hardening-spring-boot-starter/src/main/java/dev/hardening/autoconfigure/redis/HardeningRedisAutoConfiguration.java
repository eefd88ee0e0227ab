package dev.hardening.autoconfigure.redis;

import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Auto-configures the Redis connections the Redis backends share, when the application points at
 * a Redis: one server, a Cluster or a Sentinel-managed primary, from {@code hardening.redis.*} or
 * else the application's own {@code spring.data.redis.*}, so an application already on Redis
 * needs nothing new. When the application has Lettuce {@link ClientResources} (Spring Data
 * Redis's), the connector runs on them: one set of Lettuce threads and event loops per
 * application.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(RedisClient.class)
@Conditional(RedisConfiguredCondition.class)
@EnableConfigurationProperties(HardeningRedisProperties.class)
public final class HardeningRedisAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisConnector redisConnector(HardeningRedisProperties properties, Environment environment,
			ObjectProvider<ClientResources> clientResources, ObjectProvider<SslBundles> sslBundles) {
		RedisSettings settings = new RedisSettingsFactory(properties, Binder.get(environment),
				sslBundles::getIfAvailable).create();
		ClientResources shared = clientResources.getIfUnique();
		return (shared != null) ? RedisConnector.create(settings, shared) : RedisConnector.create(settings);
	}

}
