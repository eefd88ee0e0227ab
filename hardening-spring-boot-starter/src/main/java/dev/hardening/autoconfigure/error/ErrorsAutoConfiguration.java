package dev.hardening.autoconfigure.error;

import java.util.List;

import dev.hardening.autoconfigure.FilterOrder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.autoconfigure.template.TemplateAvailabilityProviders;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.error.ErrorPageRegistrar;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.ErrorResponse;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Auto-configures RFC 9457 problem responses for every error of a Spring MVC application, and
 * the application's own error pages for browsers. Runs before Spring Boot's error handling so
 * that Boot's {@code BasicErrorController} and {@code ProblemDetailsExceptionHandler} step aside.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "hardening.errors.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ErrorsProperties.class)
public final class ErrorsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemFactory hardeningProblemFactory(ErrorsProperties properties) {
		return new ProblemFactory(properties.getTypeBaseUri(), properties.isExposeExceptionMessages());
	}

	@Bean
	@ConditionalOnMissingBean
	ErrorPages hardeningErrorPages(ProblemFactory factory, ListableBeanFactory beans) {
		// without an error page (Boot's error handling excluded), sendError would reach the container's report
		return new ErrorPages(factory, beans.getBeanNamesForType(ErrorPageRegistrar.class, false, false).length > 0);
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemResponseWriter hardeningProblemResponseWriter(ProblemFactory factory, ObjectProvider<JsonMapper> jsonMapper,
			ErrorPages pages) {
		return new ProblemResponseWriter(factory, jsonMapper.getIfAvailable(() -> JsonMapper.builder()
			.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
			.build()), pages);
	}

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	ProblemExceptionHandler hardeningProblemExceptionHandler(ProblemFactory factory, ErrorPages pages) {
		return new ProblemExceptionHandler(factory, pages);
	}

	@Bean
	@ConditionalOnMissingBean
	ApiExceptionHandler hardeningApiExceptionHandler(ProblemFactory factory, ErrorPages pages) {
		return new ApiExceptionHandler(factory, pages);
	}

	@Bean
	@ConditionalOnMissingBean
	UpstreamExceptionHandler hardeningUpstreamExceptionHandler(ProblemFactory factory, ErrorPages pages) {
		return new UpstreamExceptionHandler(factory, pages);
	}

	/**
	 * Answers the starter's own rejections and Spring MVC's client errors before a catch-all
	 * {@code @ExceptionHandler} of the application could.
	 */
	@Bean
	ProblemPrecedenceResolver hardeningProblemPrecedenceResolver(ListableBeanFactory beans,
			ObjectProvider<ContentNegotiationManager> negotiation, ApiExceptionHandler api,
			ObjectProvider<ProblemExceptionHandler> problems, ProblemFactory factory, ProblemResponseWriter writer) {
		return new ProblemPrecedenceResolver(beans, negotiation, api, problems.getIfAvailable(), factory, writer);
	}

	/**
	 * Keeps Spring MVC's exception handlers off a response already committed, so that the
	 * container aborts it.
	 */
	@Bean
	CommittedResponseResolver hardeningCommittedResponseResolver() {
		return new CommittedResponseResolver();
	}

	/**
	 * The error page, in place of Boot's {@code BasicErrorController}: Boot's error attributes and
	 * error view resolvers, and its {@code error} view where the application has one.
	 */
	@Bean
	@ConditionalOnMissingBean(value = ErrorController.class, search = SearchStrategy.CURRENT)
	ProblemErrorController hardeningProblemErrorController(ProblemFactory factory, ObjectProvider<ErrorAttributes> attributes,
			ObjectProvider<ErrorViewResolver> resolvers, ApplicationContext context) {
		return new ProblemErrorController(factory, attributes.getIfAvailable(DefaultErrorAttributes::new),
				resolvers.orderedStream().toList(), errorViewAvailable(context));
	}

	/**
	 * Whether a view named {@code error} exists, as Boot's {@code ErrorMvcAutoConfiguration}
	 * decides: its Whitelabel view bean, or an {@code error} template.
	 */
	private static boolean errorViewAvailable(ApplicationContext context) {
		if (context.containsBean("error") && context.isTypeMatch("error", View.class)) {
			return true;
		}
		return new TemplateAvailabilityProviders(context).getProvider("error", context) != null;
	}

	@Bean
	@ConditionalOnMissingBean(name = "hardeningUnhandledExceptionFilter")
	FilterRegistrationBean<UnhandledExceptionFilter> hardeningUnhandledExceptionFilter(ProblemFactory factory,
			ProblemResponseWriter writer) {
		FilterRegistrationBean<UnhandledExceptionFilter> registration = new FilterRegistrationBean<>(
				new UnhandledExceptionFilter(factory, writer));
		registration.setOrder(FilterOrder.UNHANDLED_EXCEPTIONS);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		return registration;
	}

	/**
	 * Completes every problem Spring MVC renders, whoever made it (this starter, the application's
	 * own handlers, a controller returning a {@code ProblemDetail}), with code, request ID and
	 * instance.
	 */
	@Bean
	WebMvcConfigurer hardeningProblemCompletingConfigurer(ProblemFactory factory) {
		return new WebMvcConfigurer() {

			@Override
			public void addErrorResponseInterceptors(List<ErrorResponse.Interceptor> interceptors) {
				interceptors.add((problem, errorResponse) -> {
					if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
						HttpServletRequest request = attributes.getRequest();
						factory.complete(problem, request);
					}
				});
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ConstraintViolationException.class)
	static class BeanValidationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConstraintViolationExceptionHandler hardeningConstraintViolationExceptionHandler(ProblemFactory factory,
				ErrorPages pages) {
			return new ConstraintViolationExceptionHandler(factory, pages);
		}

	}

}
