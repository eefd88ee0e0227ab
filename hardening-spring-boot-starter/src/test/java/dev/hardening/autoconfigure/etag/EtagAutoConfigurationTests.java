package dev.hardening.autoconfigure.etag;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class EtagAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtagAutoConfiguration.class));

	@Test
	void registersBothFiltersAndBacksOffWhenDisabled() {
		this.runner.run((context) -> assertThat(context).hasBean("hardeningEtagFilter").hasBean("hardeningCacheControlFilter"));
		this.runner.withPropertyValues("hardening.etag.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("hardeningEtagFilter").doesNotHaveBean("hardeningCacheControlFilter"));
	}

	@Test
	void failsAtStartupOnBadValuesNamingTheProperty() {
		this.runner.withPropertyValues("hardening.etag.paths=/api/{*rest}/x")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.etag.paths[0]"));
		this.runner.withPropertyValues("hardening.etag.cache-control[0].paths=/x/**")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.etag.cache-control[0].value"));
		this.runner.withPropertyValues("hardening.etag.cache-control[0].paths=/x/**",
				"hardening.etag.cache-control[0].value=no-cache\r\nX-Injected: 1")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.etag.cache-control[0].value"));
	}

	@Test
	void compressionDefaultsYieldToTheApplicationsOwnSettings() {
		StandardEnvironment plain = new StandardEnvironment();
		new CompressionDefaults().postProcessEnvironment(plain, new SpringApplication());
		StandardEnvironment own = new StandardEnvironment();
		own.getPropertySources()
			.addFirst(new MapPropertySource("app", java.util.Map.of("server.compression.enabled", "false")));
		new CompressionDefaults().postProcessEnvironment(own, new SpringApplication());
		StandardEnvironment off = new StandardEnvironment();
		off.getPropertySources()
			.addFirst(new MapPropertySource("app", java.util.Map.of("hardening.etag.compression-defaults", "false")));
		new CompressionDefaults().postProcessEnvironment(off, new SpringApplication());

		assertThat(plain.getProperty("server.compression.enabled")).isEqualTo("true");
		assertThat(plain.getProperty("server.compression.mime-types")).contains("application/problem+json");
		assertThat(own.getProperty("server.compression.enabled")).isEqualTo("false");
		assertThat(off.getProperty("server.compression.enabled")).isNull();
	}

}
