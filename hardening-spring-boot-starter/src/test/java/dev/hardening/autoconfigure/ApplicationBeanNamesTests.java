package dev.hardening.autoconfigure;

import dev.hardening.autoconfigure.error.ErrorsAutoConfiguration;
import dev.hardening.autoconfigure.etag.EtagAutoConfiguration;
import dev.hardening.autoconfigure.ratelimit.RateLimitAutoConfiguration;
import dev.hardening.autoconfigure.requestid.RequestIdAutoConfiguration;
import dev.hardening.autoconfigure.web.WebHardeningAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's beans take the names Spring derives from their classes: an advice called
 * {@code ApiExceptionHandler} is the bean {@code apiExceptionHandler}, a filter called
 * {@code EtagFilter} the bean {@code etagFilter}. Such common names neither fail the startup with
 * a clash nor switch a part of the starter off.
 */
class ApplicationBeanNamesTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ErrorsAutoConfiguration.class,
				EtagAutoConfiguration.class, RequestIdAutoConfiguration.class, RateLimitAutoConfiguration.class,
				WebHardeningAutoConfiguration.class))
		.withUserConfiguration(CommonlyNamedBeans.class);

	@Test
	void applicationBeansWithCommonNamesLeaveTheStarterWhole() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasBean("hardeningApiExceptionHandler")
			.hasBean("hardeningProblemExceptionHandler")
			.hasBean("hardeningUnhandledExceptionFilter")
			.hasBean("hardeningEtagFilter")
			.hasBean("hardeningCacheControlFilter")
			.hasBean("hardeningRequestIdFilter")
			.hasBean("hardeningRateLimitFilter")
			.hasBean("hardeningSecurityHeadersFilter")
			.hasBean("hardeningTrustedHostFilter")
			.hasBean("hardeningRequestLimitFilter")
			.hasBean("hardeningAccessLogFilter"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CommonlyNamedBeans {

		@Bean
		Object apiExceptionHandler() {
			return new Object();
		}

		@Bean
		Object problemExceptionHandler() {
			return new Object();
		}

		@Bean
		Object constraintViolationExceptionHandler() {
			return new Object();
		}

		@Bean
		Object unhandledExceptionFilter() {
			return new Object();
		}

		@Bean
		Object etagFilter() {
			return new Object();
		}

		@Bean
		Object cacheControlFilter() {
			return new Object();
		}

		@Bean
		Object requestIdFilter() {
			return new Object();
		}

		@Bean
		Object rateLimitFilter() {
			return new Object();
		}

		@Bean
		Object securityHeadersFilter() {
			return new Object();
		}

		@Bean
		Object trustedHostFilter() {
			return new Object();
		}

		@Bean
		Object requestLimitFilter() {
			return new Object();
		}

		@Bean
		Object accessLogFilter() {
			return new Object();
		}

	}

}
