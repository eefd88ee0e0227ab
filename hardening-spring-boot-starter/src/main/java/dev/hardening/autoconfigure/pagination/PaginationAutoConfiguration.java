package dev.hardening.autoconfigure.pagination;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import dev.hardening.pagination.CursorCodec;
import dev.hardening.pagination.Paging;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Pagination for Spring MVC: {@code OffsetPageRequest} and {@code CursorPageRequest} controller
 * parameters checked against {@code hardening.pagination.*}, {@code Link} headers on page
 * responses, signed cursors, and field selection on the configured paths.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "hardening.pagination.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PaginationProperties.class)
public final class PaginationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Paging paging(PaginationProperties properties) {
		Paging.Builder paging = Paging.builder().zeroBased(properties.isZeroBased()).clamp(properties.isClamp());
		check("hardening.pagination.max-size", properties.getMaxSize(), () -> paging.maxSize(properties.getMaxSize()));
		check("hardening.pagination.default-size", properties.getDefaultSize(),
				() -> paging.defaultSize(properties.getDefaultSize()));
		check("hardening.pagination.page-parameter", properties.getPageParameter(),
				() -> paging.parameterNames(properties.getPageParameter(), properties.getSizeParameter()));
		try {
			return paging.build();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("hardening.pagination.default-size",
					properties.getDefaultSize(), ex.getMessage());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	CursorCodec cursorCodec(PaginationProperties properties) {
		String secret = properties.getCursorSecret();
		if (properties.getCursorTtl() != null
				&& (properties.getCursorTtl().isNegative() || properties.getCursorTtl().isZero())) {
			throw new InvalidConfigurationPropertyValueException("hardening.pagination.cursor-ttl",
					properties.getCursorTtl(), "It must be positive, or unset for cursors that do not expire.");
		}
		if (secret == null || secret.isEmpty()) {
			// the hardening report warns about it (HR-CURSOR-SECRET) when a controller takes cursors
			return CursorCodec.withRandomKey(Clock.systemUTC(), properties.getCursorTtl());
		}
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length < 32) {
			throw new InvalidConfigurationPropertyValueException("hardening.pagination.cursor-secret", "<hidden>",
					"It must be at least 32 characters, such as the output of 'openssl rand -base64 32'.");
		}
		return CursorCodec.of(key, Clock.systemUTC(), properties.getCursorTtl());
	}

	@Bean
	WebMvcConfigurer pageRequestArgumentResolver(Paging paging, CursorCodec cursorCodec,
			PaginationProperties properties) {
		PageRequestArgumentResolver resolver = new PageRequestArgumentResolver(paging, cursorCodec, properties);
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(resolver);
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean
	PageResponseAdvice pageResponseAdvice(PaginationProperties properties) {
		if (properties.getMaxLinkHeaderSize().toBytes() < 1) {
			throw new InvalidConfigurationPropertyValueException("hardening.pagination.max-link-header-size",
					properties.getMaxLinkHeaderSize(), "It must be positive, such as 4KB.");
		}
		return new PageResponseAdvice(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class FieldSelectionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FieldSelectionAdvice fieldSelectionAdvice(ApplicationContext context, PaginationProperties properties) {
			return new FieldSelectionAdvice(context, properties.getFields());
		}

		@Bean
		WebMvcConfigurer fieldSelectionInterceptor(FieldSelectionAdvice advice) {
			FieldSelectionInterceptor interceptor = new FieldSelectionInterceptor(advice);
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					// none without paths to select on: nothing to do for any request
					if (advice.selectsOnSomePath()) {
						// last, right before the handler: what the interceptors before it do stands
						registry.addInterceptor(interceptor).order(Ordered.LOWEST_PRECEDENCE);
					}
				}

			};
		}

	}

	private static void check(String property, Object value, Runnable apply) {
		try {
			apply.run();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}
