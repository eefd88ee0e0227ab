package dev.hardening.autoconfigure.idempotency;

import java.util.List;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.autoconfigure.WebMvcHooks;
import dev.hardening.autoconfigure.error.ErrorsAutoConfiguration;
import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.autoconfigure.idempotency.IdempotencyProperties.Store;
import dev.hardening.autoconfigure.ratelimit.RateLimitKeyResolver;
import dev.hardening.autoconfigure.redis.HardeningRedisAutoConfiguration;
import dev.hardening.autoconfigure.requestid.RequestIdProperties;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.autoconfigure.web.WebHardeningAutoConfiguration;
import dev.hardening.idempotency.IdempotencyStore;
import dev.hardening.idempotency.redis.RedisIdempotencyStore;
import dev.hardening.redis.RedisBreaker;
import dev.hardening.redis.RedisConnector;
import dev.hardening.web.TrustedProxies;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configures idempotency keys: the store (local, or Redis behind a circuit breaker), the
 * policies, a filter that prepares requests carrying a key, and an interceptor that guards them.
 */
@AutoConfiguration(after = { HardeningRedisAutoConfiguration.class, WebHardeningAutoConfiguration.class,
		ErrorsAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "hardening.idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
public final class IdempotencyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IdempotencyStore idempotencyStore(IdempotencyProperties properties, ObjectProvider<RedisConnector> redis) {
		RedisConnector connector = redis.getIfAvailable();
		Store store = properties.getStore();
		if (store == Store.LOCAL || (store == null && connector == null)) {
			return IdempotencyStore.local(properties.getLocalCapacity().toBytes());
		}
		if (connector == null) {
			throw new InvalidConfigurationPropertyValueException("hardening.idempotency.store", "redis",
					"Redis is not configured: set hardening.redis.url (or spring.data.redis.url), or use store local.");
		}
		return RedisIdempotencyStore.create(connector, properties.getKeyPrefix());
	}

	@Bean
	IdempotencyRules idempotencyRules(IdempotencyProperties properties, ObjectProvider<ClientAddressResolver> addresses,
			ListableBeanFactory beans) {
		return IdempotencyRules.of(properties.getPolicies(), addresses(addresses),
				(name) -> beans.containsBean(name) && beans.isTypeMatch(name, RateLimitKeyResolver.class)
						? beans.getBean(name, RateLimitKeyResolver.class) : null);
	}

	@Bean
	IdempotencyGuard idempotencyGuard(IdempotencyStore store, IdempotencyProperties properties,
			ObjectProvider<ClientAddressResolver> addresses, ObjectProvider<IdempotencyMetrics> metrics,
			ObjectProvider<ProblemResponseWriter> writer, ObjectProvider<ProblemFactory> problems,
			ObjectProvider<RequestIdProperties> requestId) {
		IdempotencyPropertiesCheck.check(properties);
		RequestIdProperties ids = requestId.getIfAvailable();
		List<String> replayed = IdempotencyGuard.replayedHeaders(properties.getReplayHeaders(),
				(ids != null) ? ids.getHeader() : null);
		return new IdempotencyGuard(store, RedisBreaker.create("hardening-idempotency", properties.getBreaker().getOpenFor()),
				properties, replayed, addresses(addresses), metrics.getIfAvailable(() -> IdempotencyMetrics.NONE),
				writer.getIfAvailable(), problems.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(name = "hardeningIdempotencyFilter")
	FilterRegistrationBean<IdempotencyFilter> hardeningIdempotencyFilter(IdempotencyRules rules,
			IdempotencyGuard guard, IdempotencyProperties properties) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(new IdempotencyFilter(
				rules, guard, properties.getMaxBodySize().toBytes(), (int) properties.getMaxResponseSize().toBytes()));
		registration.setOrder(FilterOrder.IDEMPOTENCY);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Bean
	WebMvcConfigurer idempotencyInterceptorConfigurer(IdempotencyRules rules, IdempotencyGuard guard) {
		return WebMvcHooks.interceptor(new IdempotencyInterceptor(rules, guard));
	}

	@Bean
	IdempotentAnnotationCheck idempotentAnnotationCheck(ListableBeanFactory beans, IdempotencyRules rules) {
		return new IdempotentAnnotationCheck(beans, rules);
	}

	private static ClientAddressResolver addresses(ObjectProvider<ClientAddressResolver> addresses) {
		return addresses.getIfAvailable(() -> new ClientAddressResolver(TrustedProxies.none()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		IdempotencyMetrics idempotencyMetrics(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry meters = registry.getIfAvailable();
			return (meters != null) ? new MicrometerIdempotencyMetrics(meters) : IdempotencyMetrics.NONE;
		}

	}

}
