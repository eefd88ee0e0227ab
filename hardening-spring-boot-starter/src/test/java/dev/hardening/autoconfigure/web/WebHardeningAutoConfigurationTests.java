package dev.hardening.autoconfigure.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class WebHardeningAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebHardeningAutoConfiguration.class));

	@Test
	void refusesUnsafeCorsAtStartupNamingTheProperty() {
		assertFails("allowed-origins=*", "allow-credentials=true", "allowed-origins", "'*' cannot be combined");
		assertFails("allowed-origin-patterns=*", "allow-credentials=true", "allowed-origin-patterns",
				"matches every origin");
		assertFails("allowed-origin-patterns=https://*", "allow-credentials=true", "allowed-origin-patterns",
				"matches every origin");
		assertFails("allowed-origins=null", "allow-credentials=false", "allowed-origins", "'null' origin");
		assertFails("allowed-origins=https://app.example.com/path", "allow-credentials=false", "allowed-origins",
				"no path");
		assertFails("allowed-origins=app.example.com", "allow-credentials=false", "allowed-origins", "scheme");
	}

	@Test
	void acceptsSafeCors() {
		this.runner
			.withPropertyValues("hardening.web.cors.mappings[0].allowed-origins=https://app.example.com",
					"hardening.web.cors.mappings[0].allowed-origin-patterns=https://*.example.com",
					"hardening.web.cors.mappings[0].allow-credentials=true")
			.run((context) -> assertThat(context).hasNotFailed().hasBean("hardeningCorsFilter"));
	}

	@Test
	void refusesAHeaderOverrideThatCouldSplitAResponse() {
		this.runner.withPropertyValues("hardening.web.headers.overrides.X-Frame-Options=DENY\r\nSet-Cookie: a=b")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.web.headers.overrides.X-Frame-Options")
				.hasMessageContaining("printable ASCII"));
		this.runner.withPropertyValues("hardening.web.headers.overrides.Server=nginx")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("never sent"));
	}

	@Test
	void refusesAnAllowedHostThatIsNotOne() {
		this.runner.withPropertyValues("hardening.web.allowed-hosts=api.example.com,https://evil.example")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.web.allowed-hosts[1]"));
	}

	@Test
	void refusesBodyLoggingItCannotDoSafely() {
		WebApplicationContextRunner bodies = this.runner.withPropertyValues("hardening.web.access-log.bodies.enabled=true");
		bodies.withPropertyValues("hardening.web.access-log.bodies.max-size=2MB")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.web.access-log.bodies.max-size")
				.hasMessageContaining("between 1B and 1MB"));
		bodies.withPropertyValues("hardening.web.access-log.bodies.redact=password,card..number")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.web.access-log.bodies.redact[1]"));
		bodies.withClassLoader(new FilteredClassLoader("tools.jackson"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.web.access-log.bodies.enabled")
				.hasMessageContaining("Jackson 3"));
		bodies.run((context) -> assertThat(context).hasNotFailed().hasBean("hardeningAccessLogFilter"));
	}

	@Test
	void warnsWhenBootAlsoRewritesTheAddress(CapturedOutput output) {
		this.runner.withPropertyValues("hardening.web.trusted-proxies=10.0.0.0/8",
				"server.forward-headers-strategy=framework")
			.run((context) -> assertThat(context).hasNotFailed());

		assertThat(output).contains("server.forward-headers-strategy=framework rewrites the client address");
	}

	@Test
	void eachPartCanBeTurnedOff() {
		this.runner
			.withPropertyValues("hardening.web.headers.enabled=false", "hardening.web.access-log.enabled=false",
					"hardening.web.limits.enabled=false", "hardening.web.host-check.enabled=false",
					"hardening.web.cors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("hardeningSecurityHeadersFilter")
				.doesNotHaveBean("hardeningAccessLogFilter")
				.doesNotHaveBean("hardeningRequestLimitFilter")
				.doesNotHaveBean("hardeningTrustedHostFilter")
				.doesNotHaveBean("hardeningCorsFilter")
				.hasSingleBean(ClientAddressResolver.class));
		this.runner.withPropertyValues("hardening.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("hardeningSecurityHeadersFilter")
				.doesNotHaveBean("tomcatHardening"));
	}

	private void assertFails(String origins, String credentials, String property, String message) {
		this.runner
			.withPropertyValues("hardening.web.cors.mappings[0]." + origins, "hardening.web.cors.mappings[0]." + credentials)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.web.cors.mappings[0]." + property)
				.hasMessageContaining(message));
	}

}
