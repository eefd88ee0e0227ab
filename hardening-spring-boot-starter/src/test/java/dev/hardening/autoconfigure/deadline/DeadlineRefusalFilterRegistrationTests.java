package dev.hardening.autoconfigure.deadline;

import dev.hardening.autoconfigure.FilterOrder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter that refuses a malformed request timeout on a budgeted path runs after CORS, and only
 * where some path has a budget: an application with only {@code @Deadline} handlers, or none, does
 * not pay for it.
 */
class DeadlineRefusalFilterRegistrationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DeadlineAutoConfiguration.class));

	@Test
	void isRegisteredAfterCorsWhenARouteOrADefaultTimeoutIsConfigured() {
		this.runner.withPropertyValues("hardening.deadline.routes[0].paths=/reports/**",
				"hardening.deadline.routes[0].timeout=2s")
			.run((context) -> assertThat(registration(context.getBean("hardeningDeadlineRefusalFilter")))
				.satisfies((registration) -> {
					assertThat(registration.isEnabled()).isTrue();
					assertThat(registration.getOrder()).isEqualTo(FilterOrder.DEADLINE_REFUSAL)
						.isGreaterThan(FilterOrder.CORS)
						.isGreaterThan(FilterOrder.TRUSTED_HOSTS)
						.isLessThan(FilterOrder.REQUEST_LIMITS);
				}));
		this.runner.withPropertyValues("hardening.deadline.timeout=5s")
			.run((context) -> assertThat(registration(context.getBean("hardeningDeadlineRefusalFilter")).isEnabled())
				.isTrue());
	}

	@Test
	void isNotRegisteredWithoutABudgetByPath() {
		this.runner.run((context) -> assertThat(registration(context.getBean("hardeningDeadlineRefusalFilter")).isEnabled())
			.isFalse());
	}

	private static FilterRegistrationBean<?> registration(Object bean) {
		return (FilterRegistrationBean<?>) bean;
	}

}
