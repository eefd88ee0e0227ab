package dev.hardening.autoconfigure.redis;

import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import io.lettuce.core.RedisClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configures the one Redis connection the Redis backends share, when the application points
 * at a Redis. Settings come from {@code hardening.redis.*}; the address may instead come from
 * the application's own {@code spring.data.redis.*}, so an application already on Redis needs
 * nothing new. Timeouts are always hardening's, since Spring Data's defaults are Lettuce's 60
 * seconds.
 */
@AutoConfiguration
@ConditionalOnClass(RedisClient.class)
@Conditional(RedisConfiguredCondition.class)
@EnableConfigurationProperties(HardeningRedisProperties.class)
public final class HardeningRedisAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	RedisConnector redisConnector(HardeningRedisProperties properties, Environment environment) {
		return RedisConnector.create(settings(properties, environment));
	}

	static RedisSettings settings(HardeningRedisProperties properties, Environment environment) {
		RedisSettings.Builder builder = (StringUtils.hasText(properties.getUrl())) ? builder("hardening.redis.url",
				properties.getUrl()) : springDataRedis(Binder.get(environment));
		apply("hardening.redis.command-timeout", properties.getCommandTimeout(),
				() -> builder.commandTimeout(properties.getCommandTimeout()));
		apply("hardening.redis.connect-timeout", properties.getConnectTimeout(),
				() -> builder.connectTimeout(properties.getConnectTimeout()));
		apply("hardening.redis.reconnect.max-delay", properties.getReconnect().getMaxDelay(),
				() -> builder.reconnectDelay(properties.getReconnect().getMinDelay(), properties.getReconnect().getMaxDelay()));
		apply("hardening.redis.client-name", properties.getClientName(),
				() -> builder.clientName(properties.getClientName()));
		return builder.build();
	}

	private static void apply(String property, Object value, Runnable setter) {
		try {
			setter.run();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

	private static RedisSettings.Builder springDataRedis(Binder binder) {
		String url = binder.bind("spring.data.redis.url", String.class).orElse(null);
		if (StringUtils.hasText(url)) {
			return builder("spring.data.redis.url", url);
		}
		String host = binder.bind("spring.data.redis.host", String.class).orElse("localhost");
		int port = binder.bind("spring.data.redis.port", Integer.class).orElse(6379);
		int database = binder.bind("spring.data.redis.database", Integer.class).orElse(0);
		boolean ssl = binder.bind("spring.data.redis.ssl.enabled", Boolean.class).orElse(false);
		String scheme = ssl ? "rediss://" : "redis://";
		String hostPart = (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
		RedisSettings.Builder builder = builder("spring.data.redis.host", scheme + hostPart + ":" + port + "/" + database);
		String password = binder.bind("spring.data.redis.password", String.class).orElse(null);
		if (password != null) {
			builder.credentials(binder.bind("spring.data.redis.username", String.class).orElse(null),
					password.toCharArray());
		}
		return builder;
	}

	private static RedisSettings.Builder builder(String property, String uri) {
		try {
			return RedisSettings.builder(uri);
		}
		catch (IllegalArgumentException ex) {
			// the value may hold a password: name the property, never echo the value
			throw new InvalidConfigurationPropertyValueException(property, "(hidden)",
					"It must be a redis:// or rediss:// URI, such as redis://cache.internal:6379/0.");
		}
	}

}
