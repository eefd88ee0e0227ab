package dev.hardening.autoconfigure.web;

import java.util.List;

import dev.hardening.web.TrustedProxies;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTests {

	@Test
	void believesForwardingHeadersOnlyFromTrustedProxies() {
		ClientAddressResolver resolver = new ClientAddressResolver(TrustedProxies.of(List.of("10.0.0.0/8")));

		assertThat(resolver.resolve(request("10.0.0.1", "6.6.6.6, 198.51.100.9"))).isEqualTo("198.51.100.9");
		assertThat(resolver.resolve(request("203.0.113.5", "198.51.100.9"))).isEqualTo("203.0.113.5");
	}

	@Test
	void trustsNoProxyByDefault() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebHardeningAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(ClientAddressResolver.class)
				.resolve(request("10.0.0.1", "198.51.100.9"))).isEqualTo("10.0.0.1"));
	}

	@Test
	void failsAtStartupOnAnEntryThatIsNotARange() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(WebHardeningAutoConfiguration.class))
			.withPropertyValues("hardening.web.trusted-proxies=10.0.0.0/8,proxy.internal")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("hardening.web.trusted-proxies[1]")
				.hasMessageContaining("CIDR"));
	}

	private static MockHttpServletRequest request(String peer, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		request.addHeader("X-Forwarded-For", forwardedFor);
		return request;
	}

}
