package dev.hardening.autoconfigure.ratelimit;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.autoconfigure.WebMvcHooks;
import dev.hardening.autoconfigure.error.ErrorsAutoConfiguration;
import dev.hardening.autoconfigure.error.ProblemFactory;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.autoconfigure.ratelimit.RateLimitProperties.Backend;
import dev.hardening.autoconfigure.redis.HardeningRedisAutoConfiguration;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.autoconfigure.web.WebHardeningAutoConfiguration;
import dev.hardening.ratelimit.FailoverRateLimiter;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.redis.RedisRateLimiter;
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
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configures rate limiting: the limiter (local, or Redis behind a circuit breaker and a fail
 * mode), the policies, a filter for path policies and an interceptor for
 * {@link RateLimit @RateLimit} and {@code principal} policies.
 */
@AutoConfiguration(after = { HardeningRedisAutoConfiguration.class, WebHardeningAutoConfiguration.class,
		ErrorsAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "hardening.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
public final class RateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimiter rateLimiter(RateLimitProperties properties, ObjectProvider<RedisConnector> redis,
			ObjectProvider<RateLimitMetrics> metrics) {
		RateLimitPropertiesCheck.check(properties);
		RateLimiter local = RateLimiter.local(properties.getMaxKeys());
		RedisConnector connector = redis.getIfAvailable();
		if (properties.getBackend() == Backend.LOCAL || (properties.getBackend() == Backend.AUTO && connector == null)) {
			return local;
		}
		if (connector == null) {
			throw new InvalidConfigurationPropertyValueException("hardening.rate-limit.backend", "redis",
					"Redis is not configured: set hardening.redis.url (or spring.data.redis.url), or use backend auto or local.");
		}
		RateLimiter redisLimiter = metrics.getIfAvailable(() -> RateLimitMetrics.NONE)
			.timed(RedisRateLimiter.create(connector, properties.getKeyPrefix()));
		return FailoverRateLimiter.of(redisLimiter, properties.getFailMode(), local,
				FailoverRateLimiter.defaultBreaker("hardening-rate-limit", properties.getBreaker().getOpenFor()));
	}

	@Bean
	RateLimitRules rateLimitRules(RateLimitProperties properties, ObjectProvider<ClientAddressResolver> addresses,
			ListableBeanFactory beans) {
		ClientAddressResolver resolver = addresses.getIfAvailable(() -> new ClientAddressResolver(TrustedProxies.none()));
		return RateLimitRules.of(properties.getPolicies(), resolver, properties.getIpv6Prefix(),
				(name) -> beans.containsBean(name) && beans.isTypeMatch(name, RateLimitKeyResolver.class)
						? beans.getBean(name, RateLimitKeyResolver.class) : null);
	}

	@Bean
	RateLimitEnforcer rateLimitEnforcer(RateLimitProperties properties, RateLimiter limiter,
			ObjectProvider<RateLimitMetrics> metrics, ObjectProvider<ProblemResponseWriter> writer,
			ObjectProvider<ProblemFactory> problems) {
		RateLimitHeaders headers = new RateLimitHeaders(properties.getHeaders().isEnabled(),
				properties.getHeaders().isLegacy());
		return new RateLimitEnforcer(limiter, metrics.getIfAvailable(() -> RateLimitMetrics.NONE), headers,
				writer.getIfAvailable(), problems.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(name = "hardeningRateLimitFilter")
	FilterRegistrationBean<RateLimitFilter> hardeningRateLimitFilter(RateLimitRules rules, RateLimitEnforcer enforcer) {
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
				new RateLimitFilter(rules, enforcer));
		registration.setOrder(FilterOrder.RATE_LIMIT);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DispatcherServlet.class)
	static class HandlerConfiguration {

		@Bean
		WebMvcConfigurer rateLimitInterceptorConfigurer(RateLimitRules rules, RateLimitEnforcer enforcer) {
			return WebMvcHooks.interceptor(new RateLimitInterceptor(rules, enforcer));
		}

		@Bean
		RateLimitAnnotationCheck rateLimitAnnotationCheck(ListableBeanFactory beans, RateLimitRules rules) {
			return new RateLimitAnnotationCheck(beans, rules);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("rateLimit")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "rateLimitHealthIndicator")
		HealthIndicator rateLimitHealthIndicator(RateLimiter limiter) {
			return new RateLimitHealthIndicator(limiter);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		RateLimitMetrics rateLimitMetrics(ObjectProvider<MeterRegistry> registry) {
			MeterRegistry meters = registry.getIfAvailable();
			return (meters != null) ? new MicrometerRateLimitMetrics(meters) : RateLimitMetrics.NONE;
		}

	}

}
