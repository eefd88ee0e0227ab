package dev.hardening.autoconfigure.resilience;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.hardening.autoconfigure.resilience.ResilienceMetrics.ResilienceRegistries;
import dev.hardening.autoconfigure.resilience.ResilienceProperties.Database;
import dev.hardening.resilience.ResilienceListener;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Resilient outbound calls: the named policies of {@code hardening.resilience.*}, applied per
 * target host to every {@code RestClient}, {@code RestTemplate} and {@code WebClient} built from
 * Spring Boot's builders (and so to its HTTP service clients), with metrics, breaker state in
 * health, and a bounded wait for the database at startup.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "hardening.resilience.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResilienceProperties.class)
public final class ResilienceAutoConfiguration {

	@Bean
	ResilienceRegistries resilienceRegistries() {
		return ResilienceRegistries.create();
	}

	@Bean
	@ConditionalOnMissingBean
	ResiliencePolicies resiliencePolicies(ResilienceProperties properties, ResilienceRegistries registries,
			ObjectProvider<ResilienceListener> listeners, ObjectProvider<ResiliencePolicyCustomizer> customizers) {
		return ResiliencePolicies.of(properties, registries.breakers(), registries.bulkheads(),
				ResilienceListeners.of(listeners.orderedStream().toList()), customizers.orderedStream().toList());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientCustomizer.class, ClientHttpRequestFactoryBuilder.class })
	static class HttpClientsConfiguration {

		@Bean
		PolicyTimeoutsRequestFactory resilienceRequestFactory(ResiliencePolicies policies,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> builder, ObjectProvider<HttpClientSettings> settings) {
			return new PolicyTimeoutsRequestFactory(policies,
					builder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect),
					settings.getIfAvailable(HttpClientSettings::defaults));
		}

		@Bean
		ResilienceClientInterceptor resilienceClientInterceptor(ResiliencePolicies policies,
				PolicyTimeoutsRequestFactory factory, ResilienceProperties properties) {
			return new ResilienceClientInterceptor(policies, Clock.systemUTC(), factory::attemptTimeout,
					(name) -> addsIdempotencyKey(properties, name));
		}

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		RestClientCustomizer resilienceRestClientCustomizer(PolicyTimeoutsRequestFactory factory,
				ResilienceClientInterceptor interceptor) {
			return (restClient) -> restClient.requestFactory(factory)
				.requestInterceptors((interceptors) -> interceptors.add(0, interceptor));
		}

		/**
		 * Retries and breakers only: a RestTemplate's request factory is set by its builder before
		 * customizers run, with the application's own choices (an SSL bundle, timeouts), which
		 * must stay. Its timeouts are spring.http.clients.*, which the starter defaults.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		RestTemplateCustomizer resilienceRestTemplateCustomizer(ResilienceClientInterceptor interceptor) {
			return (restTemplate) -> restTemplate.getInterceptors().add(0, interceptor);
		}

	}

	/**
	 * The same policies for {@code WebClient}s built from Boot's {@code WebClient.Builder}: first
	 * of the filters the starter adds but after the request ID's, with the attempt timeouts the
	 * policies give {@code RestClient}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class, ExchangeFilterFunction.class, RestClientCustomizer.class,
			ClientHttpRequestFactoryBuilder.class })
	static class WebClientConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		WebClientCustomizer resilienceWebClientCustomizer(ResiliencePolicies policies,
				PolicyTimeoutsRequestFactory factory, ResilienceProperties properties) {
			ResilienceExchangeFilter filter = new ResilienceExchangeFilter(policies, Clock.systemUTC(),
					factory::attemptTimeout, (name) -> addsIdempotencyKey(properties, name));
			return (builder) -> builder.filters((filters) -> filters.add(0, filter));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, TaggedCircuitBreakerMetrics.class })
	static class MetricsConfiguration {

		@Bean
		ResilienceMetrics resilienceMetrics(ResilienceRegistries registries) {
			return new ResilienceMetrics(registries);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("resilience")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "resilienceHealthIndicator")
		HealthIndicator resilienceHealthIndicator(ResiliencePolicies policies) {
			return new ResilienceHealthIndicator(policies);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DataSource.class)
	@ConditionalOnBooleanProperty(name = "hardening.resilience.startup.database.enabled", matchIfMissing = true)
	static class DatabaseStartupConfiguration {

		@Bean
		static DatabaseStartupWait databaseStartupWait(Environment environment) {
			Database settings = Binder.get(environment)
				.bind("hardening.resilience.startup.database", Database.class)
				.orElseGet(Database::new);
			return new DatabaseStartupWait(settings, (duration) -> TimeUnit.NANOSECONDS.sleep(duration.toNanos()),
					System::nanoTime);
		}

	}

	/** A policy's own setting, else the defaults'. */
	static boolean addsIdempotencyKey(ResilienceProperties properties, String policy) {
		ResilienceProperties.Policy own = properties.getPolicies().get(policy);
		Boolean adds = (own != null) ? own.getRetryWithIdempotencyKey() : null;
		return Boolean.TRUE.equals((adds != null) ? adds : properties.getDefaults().getRetryWithIdempotencyKey());
	}

}
