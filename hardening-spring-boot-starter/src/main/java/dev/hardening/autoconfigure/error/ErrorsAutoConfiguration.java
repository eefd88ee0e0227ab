package dev.hardening.autoconfigure.error;

import java.util.List;

import dev.hardening.autoconfigure.FilterOrder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Auto-configures RFC 9457 problem responses for every error of a Spring MVC application. Runs
 * before Spring Boot's error handling so that Boot's {@code BasicErrorController} and
 * {@code ProblemDetailsExceptionHandler} step aside.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "hardening.errors.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ErrorsProperties.class)
public final class ErrorsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemFactory problemFactory(ErrorsProperties properties) {
		return new ProblemFactory(properties.getTypeBaseUri(), properties.isExposeExceptionMessages());
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemResponseWriter problemResponseWriter(ProblemFactory factory, ObjectProvider<JsonMapper> jsonMapper) {
		return new ProblemResponseWriter(factory, jsonMapper.getIfAvailable(() -> JsonMapper.builder()
			.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
			.build()));
	}

	@Bean
	@ConditionalOnMissingBean(ResponseEntityExceptionHandler.class)
	ProblemExceptionHandler problemExceptionHandler(ProblemFactory factory) {
		return new ProblemExceptionHandler(factory);
	}

	@Bean
	@ConditionalOnMissingBean
	ApiExceptionHandler apiExceptionHandler(ProblemFactory factory) {
		return new ApiExceptionHandler(factory);
	}

	@Bean
	@ConditionalOnMissingBean
	UpstreamExceptionHandler upstreamExceptionHandler(ProblemFactory factory) {
		return new UpstreamExceptionHandler(factory);
	}

	@Bean
	@ConditionalOnMissingBean(value = ErrorController.class, search = SearchStrategy.CURRENT)
	ProblemErrorController problemErrorController(ProblemFactory factory) {
		return new ProblemErrorController(factory);
	}

	@Bean
	@ConditionalOnMissingBean(name = "unhandledExceptionFilter")
	FilterRegistrationBean<UnhandledExceptionFilter> unhandledExceptionFilter(ProblemFactory factory,
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
	WebMvcConfigurer problemCompletingConfigurer(ProblemFactory factory) {
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
		ConstraintViolationExceptionHandler constraintViolationExceptionHandler(ProblemFactory factory) {
			return new ConstraintViolationExceptionHandler(factory);
		}

	}

}
