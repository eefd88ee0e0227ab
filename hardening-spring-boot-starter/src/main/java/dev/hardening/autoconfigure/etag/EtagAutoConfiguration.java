package dev.hardening.autoconfigure.etag;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ErrorsAutoConfiguration;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.autoconfigure.etag.EtagProperties.CacheControlRule;
import jakarta.servlet.DispatcherType;

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
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configures conditional requests: the shallow ETag filter (with {@code If-Match}
 * requirements), the Cache-Control filter, and the {@link ConditionalRequest} handler parameter
 * for deep ETags.
 */
@AutoConfiguration(after = ErrorsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "hardening.etag.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtagProperties.class)
public final class EtagAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "hardeningEtagFilter")
	FilterRegistrationBean<EtagFilter> hardeningEtagFilter(EtagProperties properties,
			ObjectProvider<ProblemResponseWriter> problems, Environment environment) {
		long maxBuffer = properties.getMaxBufferSize().toBytes();
		if (maxBuffer < 0 || maxBuffer > Integer.MAX_VALUE - 8) {
			throw new InvalidConfigurationPropertyValueException("hardening.etag.max-buffer-size",
					properties.getMaxBufferSize(), "It must be between 0 and 2GB.");
		}
		EtagFilter filter = new EtagFilter(
				PathPatterns.of(properties.getPaths(), "hardening.etag.paths", properties.getExcludePaths(),
						"hardening.etag.exclude-paths"),
				properties.isWeak(), (int) maxBuffer, problems.getIfAvailable(),
				environment.getProperty("server.compression.enabled", Boolean.class, false));
		FilterRegistrationBean<EtagFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FilterOrder.ETAG);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD);
		return registration;
	}

	@Bean
	WholeBodyAdvice etagWholeBodyAdvice() {
		return new WholeBodyAdvice();
	}

	@Bean
	@ConditionalOnMissingBean(name = "hardeningCacheControlFilter")
	FilterRegistrationBean<CacheControlFilter> hardeningCacheControlFilter(EtagProperties properties, Environment environment) {
		List<CacheControlFilter.Rule> rules = new ArrayList<>();
		for (int i = 0; i < properties.getCacheControl().size(); i++) {
			CacheControlRule rule = properties.getCacheControl().get(i);
			String property = "hardening.etag.cache-control[" + i + "]";
			if (rule.getValue() == null || rule.getValue().isBlank() || !isHeaderSafe(rule.getValue())) {
				throw new InvalidConfigurationPropertyValueException(property + ".value", rule.getValue(),
						"It must be a Cache-Control value such as \"private, max-age=300\", in printable ASCII.");
			}
			rules.add(new CacheControlFilter.Rule(PathPatterns.of(rule.getPaths(), property + ".paths", List.of(), ""),
					rule.getValue()));
		}
		String errorValue = properties.getErrorCacheControl();
		if (!errorValue.isEmpty() && !isHeaderSafe(errorValue)) {
			throw new InvalidConfigurationPropertyValueException("hardening.etag.error-cache-control", errorValue,
					"It must be printable ASCII.");
		}
		FilterRegistrationBean<CacheControlFilter> registration = new FilterRegistrationBean<>(
				new CacheControlFilter(List.copyOf(rules), errorValue.isEmpty() ? null : errorValue,
						environment.getProperty("server.compression.enabled", Boolean.class, false)));
		registration.setOrder(FilterOrder.CACHE_CONTROL);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		return registration;
	}

	/**
	 * The If-Match requirement asked again last in the chain, as the request reaches its servlet:
	 * registered only where some path requires {@code If-Match}.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "hardeningIfMatchRequirementFilter")
	FilterRegistrationBean<IfMatchRequirement> hardeningIfMatchRequirementFilter(EtagProperties properties,
			ObjectProvider<ProblemResponseWriter> problems) {
		IfMatchRequirement requirement = ifMatchRequirement(properties, problems);
		FilterRegistrationBean<IfMatchRequirement> registration = new FilterRegistrationBean<>(requirement);
		registration.setOrder(Ordered.LOWEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD);
		registration.setEnabled(!requirement.isEmpty());
		return registration;
	}

	@Bean
	WebMvcConfigurer conditionalRequestConfigurer(EtagProperties properties, ObjectProvider<ProblemResponseWriter> problems) {
		IfMatchRequirement requireIfMatch = ifMatchRequirement(properties, problems);
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new ConditionalRequestArgumentResolver());
			}

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				if (!requireIfMatch.isEmpty()) {
					registry.addInterceptor(requireIfMatch);
				}
			}

		};
	}

	private static IfMatchRequirement ifMatchRequirement(EtagProperties properties,
			ObjectProvider<ProblemResponseWriter> problems) {
		return new IfMatchRequirement(
				PathPatterns.of(properties.getRequireIfMatch(), "hardening.etag.require-if-match", List.of(), ""),
				problems.getIfAvailable());
	}

	private static boolean isHeaderSafe(String value) {
		return value.chars().allMatch((c) -> c >= 0x20 && c < 0x7F);
	}

}
