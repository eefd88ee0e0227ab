package dev.hardening.autoconfigure.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import dev.hardening.autoconfigure.ChangedDefaults;
import dev.hardening.autoconfigure.redis.HardeningRedisAutoConfiguration;
import dev.hardening.cache.TieredCache;
import dev.hardening.cache.redis.RedisTier;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(RedisExtension.class)
class HardeningCacheAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HardeningCacheAutoConfiguration.class,
				HardeningRedisAutoConfiguration.class, CacheAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withUserConfiguration(CachingOn.class);

	@Test
	void providesLocalCachesWithoutRedisAndBootsCacheManagerStepsAside() {
		this.runner.withPropertyValues("spring.cache.type=simple").run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class).doesNotHaveBean(RedisTier.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(HardeningCacheManager.class);
			TieredCache cache = ((TieredSpringCache) context.getBean(CacheManager.class).getCache("any"))
				.getNativeCache();
			cache.put("k", "v");
			assertThat(cache.getIfPresent("k")).isNotNull();
		});
	}

	@Test
	void addsTheRedisTierWhenRedisIsConfigured(TestRedis redis) {
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri())
			.run((context) -> assertThat(context).hasSingleBean(RedisTier.class));
		this.runner.withPropertyValues("hardening.redis.url=" + redis.uri(), "hardening.cache.mode=local")
			.run((context) -> assertThat(context).doesNotHaveBean(RedisTier.class));
	}

	@Test
	void keepsTheApplicationsCacheManager() {
		this.runner.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
			.run((context) -> assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class));
	}

	@Test
	void aCaffeineSpecBeanIsReadLikeTheSpecProperty() {
		this.runner.withBean(CaffeineSpec.class, () -> CaffeineSpec.parse("maximumSize=7,expireAfterWrite=1m"))
			.run((context) -> {
				TieredCache cache = ((TieredSpringCache) context.getBean(CacheManager.class).getCache("any"))
					.getNativeCache();
				assertThat(cache.spec().maxSize()).isEqualTo(7);
				assertThat(cache.spec().ttl()).hasMinutes(1);
				assertThat(ChangedDefaults.of(context)).extracting(ChangedDefaults.Change::setting)
					.noneMatch((setting) -> setting.contains("Caffeine"));
			});
	}

	@Test
	void aCaffeineBeanAndBootsCustomizersThatAreNotUsedAreNamed() {
		this.runner.withBean("caffeineConfig", Caffeine.class, () -> Caffeine.newBuilder().maximumSize(7))
			.withBean("namesCustomizer", CacheManagerCustomizer.class, () -> (manager) -> {
			})
			.run((context) -> assertThat(ChangedDefaults.of(context)).extracting(ChangedDefaults.Change::message)
				.anySatisfy((line) -> assertThat(line).contains("Caffeine bean 'caffeineConfig': used by Spring Boot's "
						+ "cache -> not used: hardening's cache manager (maximumSize=10000"))
				.anySatisfy((line) -> assertThat(line).contains("CacheManagerCustomizer bean 'namesCustomizer'")));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("hardening.cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HardeningCacheManager.class));
	}

	@Test
	void createsConfiguredCachesAtStartupAndRefusesUnknownOnesWhenAsked() {
		this.runner
			.withPropertyValues("hardening.cache.caches.projects.ttl=5m", "hardening.cache.caches.projects.l1-ttl=30s",
					"hardening.cache.allow-unknown-caches=false")
			.run((context) -> {
				CacheManager manager = context.getBean(CacheManager.class);
				assertThat(manager.getCacheNames()).containsExactly("projects");
				TieredCache projects = ((TieredSpringCache) manager.getCache("projects")).getNativeCache();
				assertThat(projects.spec().ttl()).hasMinutes(5);
				assertThat(projects.spec().l1Ttl()).hasSeconds(30);
				assertThat(projects.spec().maxSize()).isEqualTo(10_000);
				assertThat(manager.getCache("unknown")).isNull();
			});
	}

	@Test
	void failsAtStartupOnABadSpecNamingTheProperty() {
		this.runner.withPropertyValues("hardening.cache.caches.projects.ttl=1m", "hardening.cache.caches.projects.l1-ttl=5m")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.cache.caches.projects.l1-ttl")
				.hasMessageContaining("must not be longer than ttl"));
		this.runner.withPropertyValues("hardening.cache.default-spec.jitter=2")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.cache.default-spec.jitter"));
		this.runner.withPropertyValues("hardening.cache.mode=tiered")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.cache.mode")
				.hasMessageContaining("Redis is not configured"));
	}

	@Test
	void admitsTheListedValueTypesExactlyAndFailsAtStartupOnAnUnknownOne() {
		this.runner.withPropertyValues("hardening.cache.value-types=java.net.URL").run((context) -> {
			CacheValueTypes types = context.getBean(CacheValueTypes.class);
			assertThat(types.admits("java.net.URL")).isTrue();
			assertThat(types.admits("java.net.InetAddress")).isFalse();
			assertThat(types.admits("java.util.Timer")).isFalse();
		});
		this.runner.withPropertyValues("hardening.cache.value-types=com.example.Missing")
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining("hardening.cache.value-types"));
	}

	@Test
	void refusesTheRemovedTrustedPackagesPropertyNamingItsReplacement() {
		this.runner.withPropertyValues("hardening.cache.trusted-packages=com.example")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.cache.trusted-packages")
				.hasMessageContaining("hardening.cache.value-types"));
	}

	@Test
	void bindsCaffeineStatisticsWhenMicrometerIsThere() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("hardening.cache.caches.projects.ttl=5m")
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("cache.gets")
				.tags("cache", "projects", "tier", "l1")
				.meters()).isNotEmpty());
	}

	@Test
	void countsAndTimesLoadsAsMicrometerDoesForALoadingCache() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("hardening.cache.caches.projects.ttl=5m")
			.run((context) -> {
				org.springframework.cache.Cache projects = context.getBean(CacheManager.class).getCache("projects");
				projects.get("1", () -> "loaded");
				projects.get("1", () -> "not loaded again");
				assertThatExceptionOfType(RuntimeException.class)
					.isThrownBy(() -> projects.get("2", () -> {
						throw new IllegalStateException("load failed");
					}));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("cache.load.duration").tags("cache", "projects", "tier", "l1").functionTimer()
					.count()).isEqualTo(2);
				assertThat(meters.get("cache.load").tags("cache", "projects", "result", "success").functionCounter()
					.count()).isEqualTo(1);
				assertThat(meters.get("cache.load").tags("cache", "projects", "result", "failure").functionCounter()
					.count()).isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingOn {

	}

}
