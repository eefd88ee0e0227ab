package dev.hardening.autoconfigure.requestid;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.requestid.RequestIdGenerator;
import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Auto-configures request correlation: every request gets an ID, echoed on the response, held in
 * the logging MDC as {@code requestId}, and sent on outbound calls made with Spring Boot's
 * {@code RestClient.Builder}, {@code RestTemplateBuilder} and {@code WebClient.Builder}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OncePerRequestFilter.class)
@ConditionalOnBooleanProperty(name = "hardening.request-id.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RequestIdProperties.class)
public final class RequestIdAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestIdGenerator requestIdGenerator() {
		return RequestIdGenerator.uuidV7();
	}

	@Bean
	@ConditionalOnMissingBean(name = "hardeningRequestIdFilter")
	FilterRegistrationBean<RequestIdFilter> hardeningRequestIdFilter(RequestIdProperties properties,
			RequestIdGenerator generator) {
		RequestIdFilter filter = new RequestIdFilter(properties.getHeader(), properties.isTrustIncoming(), generator,
				properties.getEcho());
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FilterOrder.REQUEST_ID);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	@ConditionalOnBooleanProperty(name = "hardening.request-id.propagate", matchIfMissing = true)
	static class PropagationConfiguration {

		@Bean
		RestClientCustomizer requestIdRestClientCustomizer(RequestIdProperties properties) {
			RequestIdClientInterceptor interceptor = new RequestIdClientInterceptor(properties.getHeader(),
					properties.getPropagateToHosts());
			return (builder) -> builder.requestInterceptor(interceptor);
		}

		@Bean
		RestTemplateCustomizer requestIdRestTemplateCustomizer(RequestIdProperties properties) {
			RequestIdClientInterceptor interceptor = new RequestIdClientInterceptor(properties.getHeader(),
					properties.getPropagateToHosts());
			return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class, ExchangeFilterFunction.class })
	@ConditionalOnBooleanProperty(name = "hardening.request-id.propagate", matchIfMissing = true)
	static class WebClientPropagationConfiguration {

		/**
		 * First in the chain, so that it reads the MDC on the calling thread, before the
		 * resilience filter moves the exchange to another.
		 */
		@Bean
		WebClientCustomizer requestIdWebClientCustomizer(RequestIdProperties properties) {
			RequestIdExchangeFilter filter = new RequestIdExchangeFilter(
					new RequestIdClientInterceptor(properties.getHeader(), properties.getPropagateToHosts()));
			return (builder) -> builder.filters((filters) -> filters.add(0, filter));
		}

	}

}
