package dev.hardening.autoconfigure.deadline;

import javax.sql.DataSource;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.autoconfigure.WebMvcHooks;
import dev.hardening.autoconfigure.error.ErrorsAutoConfiguration;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.autoconfigure.web.HardeningWebProperties;
import dev.hardening.autoconfigure.web.WebHardeningAutoConfiguration;
import dev.hardening.web.TrustedProxies;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import net.ttddyy.dsproxy.support.ProxyDataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configures request deadlines: the budgets, a filter that starts each request's deadline
 * once the filters that only wrap the request have (see {@code FilterOrder.DEADLINE}), one that
 * refuses a malformed request timeout on a budgeted path after CORS, an
 * interceptor for {@link Deadline @Deadline} handlers, statement timeouts for every
 * {@link DataSource}, and the time left sent to internal hosts.
 */
@AutoConfiguration(after = { WebHardeningAutoConfiguration.class, ErrorsAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "hardening.deadline.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DeadlineProperties.class)
public final class DeadlineAutoConfiguration {

	@Bean
	DeadlineRules deadlineRules(DeadlineProperties properties) {
		return DeadlineRules.of(properties);
	}

	@Bean
	@ConditionalOnMissingBean(name = "hardeningDeadlineFilter")
	FilterRegistrationBean<DeadlineFilter> hardeningDeadlineFilter(DeadlineRules rules, DeadlineProperties properties,
			ObjectProvider<HardeningWebProperties> web, ObjectProvider<ProblemResponseWriter> problems,
			ObjectProvider<DeadlineMetrics> metrics) {
		HardeningWebProperties webProperties = web.getIfAvailable();
		TrustedProxies proxies = (webProperties != null && webProperties.isEnabled())
				? TrustedProxies.of(webProperties.getTrustedProxies()) : TrustedProxies.none();
		FilterRegistrationBean<DeadlineFilter> registration = new FilterRegistrationBean<>(
				new DeadlineFilter(rules, properties.getHeader().getName(), properties.getHeader().getAcceptFrom(),
						proxies, problems.getIfAvailable(), metrics.getIfAvailable()));
		registration.setOrder(FilterOrder.DEADLINE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		return registration;
	}

	/**
	 * Refuses a malformed request timeout on a request with a budget by its path, after CORS (see
	 * {@code FilterOrder.DEADLINE_REFUSAL}); registered only when a default timeout or a route is.
	 * @param rules the budgets
	 * @param properties the deadline properties
	 * @param problems the problem writer, if any
	 * @return the filter's registration
	 */
	@Bean
	@ConditionalOnMissingBean(name = "hardeningDeadlineRefusalFilter")
	FilterRegistrationBean<DeadlineRefusalFilter> hardeningDeadlineRefusalFilter(DeadlineRules rules,
			DeadlineProperties properties, ObjectProvider<ProblemResponseWriter> problems) {
		FilterRegistrationBean<DeadlineRefusalFilter> registration = new FilterRegistrationBean<>(
				new DeadlineRefusalFilter(properties.getHeader().getName(), problems.getIfAvailable()));
		registration.setOrder(FilterOrder.DEADLINE_REFUSAL);
		registration.setEnabled(rules.byPath());
		return registration;
	}

	@Bean
	WebMvcConfigurer deadlineInterceptorConfigurer(DeadlineProperties properties,
			ObjectProvider<ProblemResponseWriter> problems) {
		return WebMvcHooks
			.interceptor(new DeadlineInterceptor(properties.getHeader().getName(), problems.getIfAvailable()));
	}

	/**
	 * Carries the deadline of the request that hands work to Spring's task executors ({@code @Async}
	 * methods, Spring MVC's async requests), as the MDC is carried: Spring Boot applies every
	 * {@link TaskDecorator} bean to the executors it builds, composed in order.
	 * @return the decorator
	 */
	@Bean
	@ConditionalOnMissingBean(name = "deadlineTaskDecorator")
	TaskDecorator deadlineTaskDecorator() {
		return dev.hardening.deadline.Deadline::wrap;
	}

	@Bean
	DeadlineAnnotationCheck deadlineAnnotationCheck(ListableBeanFactory beans, DeadlineRules rules) {
		return new DeadlineAnnotationCheck(beans, rules);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		DeadlineMetrics deadlineMetrics(ObjectProvider<MeterRegistry> registry) {
			return new DeadlineMetrics(registry.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ DataSource.class, ProxyDataSource.class })
	static class StatementTimeoutConfiguration {

		@Bean
		static DeadlineDataSources deadlineDataSources() {
			return new DeadlineDataSources();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	@ConditionalOnExpression("!'${hardening.deadline.propagate-to-hosts:}'.isEmpty()")
	static class PropagationConfiguration {

		@Bean
		RestClientCustomizer deadlineRestClientCustomizer(DeadlineProperties properties) {
			DeadlineClientInterceptor interceptor = new DeadlineClientInterceptor(properties.getHeader().getName(),
					properties.getPropagateToHosts());
			return (builder) -> builder.requestInterceptor(interceptor);
		}

		@Bean
		RestTemplateCustomizer deadlineRestTemplateCustomizer(DeadlineProperties properties) {
			DeadlineClientInterceptor interceptor = new DeadlineClientInterceptor(properties.getHeader().getName(),
					properties.getPropagateToHosts());
			return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
		}

	}

}
