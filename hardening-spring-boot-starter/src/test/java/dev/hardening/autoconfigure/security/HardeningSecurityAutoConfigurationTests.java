package dev.hardening.autoconfigure.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

import static org.assertj.core.api.Assertions.assertThat;

class HardeningSecurityAutoConfigurationTests {

	private static final String BEAN = "hardeningSecurityProblemResponses";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HardeningSecurityAutoConfiguration.class));

	@Test
	void customizesEveryHttpSecurityByDefault() {
		this.runner.run((context) -> assertThat(context).hasBean(BEAN));
	}

	@Test
	void eitherSwitchTurnsItOff() {
		this.runner.withPropertyValues("hardening.security.problem-responses.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BEAN));
		this.runner.withPropertyValues("hardening.security.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(BEAN)
				.doesNotHaveBean(HardeningSecurityProperties.class));
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		this.runner.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BEAN));
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security.web"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BEAN));
	}

	@Test
	void backsOffForABeanOfTheSameName() {
		Customizer<HttpSecurity> own = (http) -> {
		};
		this.runner.withBean(BEAN, Customizer.class, () -> own)
			.run((context) -> assertThat(context.getBean(BEAN)).isSameAs(own));
	}

}
