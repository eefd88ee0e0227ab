package dev.hardening.autoconfigure.cache;

import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.hardening.autoconfigure.cache.HardeningCacheProperties.Mode;
import dev.hardening.autoconfigure.redis.HardeningRedisAutoConfiguration;
import dev.hardening.cache.TieredCache;
import dev.hardening.cache.redis.RedisTier;
import dev.hardening.redis.RedisBreaker;
import dev.hardening.redis.RedisConnector;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configures the {@link HardeningCacheManager}: Caffeine in each instance, and Redis behind
 * it when Redis is configured. Runs before Spring Boot's cache auto-configuration, which steps
 * aside; an application's own {@code CacheManager} bean wins over both, and
 * {@code spring.cache.type=none} turns both off. The application's {@code spring.cache.*}
 * settings are kept where hardening's caches can express them ({@link BootCacheSettings}), and
 * what changes is logged once at startup.
 */
@AutoConfiguration(after = HardeningRedisAutoConfiguration.class,
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({ CacheManager.class, Caffeine.class })
@ConditionalOnBooleanProperty(name = "hardening.cache.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(CacheManager.class)
@Conditional(CacheTypeNotNoneCondition.class)
@EnableConfigurationProperties(HardeningCacheProperties.class)
public final class HardeningCacheAutoConfiguration {

	@Bean
	static CacheOperationsPostProcessor hardeningCacheOperationsPostProcessor(ObjectProvider<CacheValueTypes> types,
			ConfigurableListableBeanFactory beanFactory) {
		return new CacheOperationsPostProcessor(types, beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	CacheValueTypes hardeningCacheValueTypes(HardeningCacheProperties properties) {
		CacheValueTypes types = new CacheValueTypes();
		properties.getValueTypes().forEach(types::admit);
		return types;
	}

	@Bean
	BootCacheSettings hardeningBootCacheSettings(ConfigurableEnvironment environment,
			ConfigurableListableBeanFactory beanFactory, ObjectProvider<CaffeineSpec> caffeineSpec) {
		String[] names = beanFactory.getBeanNamesForType(CaffeineSpec.class, false, false);
		return new BootCacheSettings(environment, beanFactory, caffeineSpec.getIfUnique(),
				(names.length > 0) ? names[0] : null);
	}

	@Bean
	HardeningCacheManager cacheManager(HardeningCacheProperties properties, ObjectProvider<RedisTier> tier,
			ObjectProvider<RedisConnector> redis, ObjectProvider<Ticker> ticker, ObjectProvider<CacheMetrics> metrics,
			BootCacheSettings bootSettings) {
		if (!properties.getTrustedPackages().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("hardening.cache.trusted-packages",
					String.join(",", properties.getTrustedPackages()),
					"Whole packages are no longer trusted, as they hold classes such as java.util.Timer: list the exact "
							+ "types of cached values in hardening.cache.value-types instead.");
		}
		RedisTier redisTier = tier.getIfAvailable();
		if (properties.getMode() == Mode.TIERED && redisTier == null) {
			throw new InvalidConfigurationPropertyValueException("hardening.cache.mode", "tiered", (redis
				.getIfAvailable() == null)
						? "Redis is not configured: set hardening.redis.url (or spring.data.redis.url), or use mode auto or local."
						: "Tiered caches need Jackson 3 (tools.jackson) to store values in Redis.");
		}
		bootSettings.applyTo(properties, redisTier != null);
		Consumer<TieredCache> onCreate = metrics.getIfAvailable();
		return new HardeningCacheManager(properties, redisTier, ticker.getIfAvailable(Ticker::systemTicker),
				(onCreate != null) ? onCreate : (cache) -> {
				});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(RedisConnector.class)
	@ConditionalOnClass(JsonMapper.class)
	@Conditional(TieredModeCondition.class)
	static class TieredConfiguration {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		RedisTier hardeningCacheTier(HardeningCacheProperties properties, RedisConnector connector,
				ObjectProvider<JsonMapper> jsonMapper, CacheValueTypes types) {
			JacksonValueCodec codec = new JacksonValueCodec(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()),
					types);
			return RedisTier.create(connector, codec, properties.getKeyPrefix(),
					RedisBreaker.create("hardening-cache", properties.getBreakerOpenFor()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		CacheMetrics hardeningCacheMetrics(ObjectProvider<MeterRegistry> registry, ObjectProvider<RedisTier> tier) {
			return new CacheMetrics(registry, tier);
		}

	}

}
