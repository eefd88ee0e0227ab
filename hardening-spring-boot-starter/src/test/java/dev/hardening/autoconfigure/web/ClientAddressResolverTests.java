package dev.hardening.autoconfigure.web;

import java.util.List;

import dev.hardening.web.ForwardedHeader;
import dev.hardening.web.TrustedProxies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
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

	@Test
	void bindsTheForwardedHeaderAndRefusesAnyOther() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebHardeningAutoConfiguration.class))
			.withPropertyValues("hardening.web.trusted-proxies=10.0.0.0/8");
		runner.run((context) -> assertThat(context.getBean(ClientAddressResolver.class).forwardedHeader())
			.isEqualTo(ForwardedHeader.X_FORWARDED_FOR));
		runner.withPropertyValues("hardening.web.forwarded-header=Forwarded")
			.run((context) -> assertThat(context.getBean(ClientAddressResolver.class).forwardedHeader())
				.isEqualTo(ForwardedHeader.FORWARDED));
		runner.withPropertyValues("hardening.web.forwarded-header=x-real-ip")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'hardening.web.forwarded-header'"));
	}

	private static MockHttpServletRequest request(String peer, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		request.addHeader("X-Forwarded-For", forwardedFor);
		return request;
	}

	@Test
	void readsSchemeAndHostOnlyFromTrustedProxiesAndCountsTheIgnoredHeaders() {
		TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8")).withForwardedHost(true);
		ClientAddressResolver resolver = new ClientAddressResolver(proxies);
		ClientAddressResolver rfc7239Resolver = new ClientAddressResolver(proxies.withHeader(ForwardedHeader.FORWARDED));
		MockHttpServletRequest proxied = request("fd00::1", "X-Forwarded-Proto", "http, https",
				"X-Forwarded-Host", "api.example.com", "X-Forwarded-For", "203.0.113.9");
		MockHttpServletRequest direct = request("198.51.100.7", "X-Forwarded-Proto", "https", "X-Forwarded-Host",
				"evil.example", "X-Forwarded-For", "1.2.3.4");
		MockHttpServletRequest rfc7239 = request("10.1.1.1", "Forwarded", "for=203.0.113.9;proto=https;host=api.example.com");

		assertThat(resolver.isSecure(proxied)).isTrue();
		assertThat(resolver.host(proxied)).isEqualTo("api.example.com");
		assertThat(resolver.resolve(proxied)).isEqualTo("203.0.113.9");
		assertThat(resolver.isSecure(direct)).isFalse();
		assertThat(resolver.host(direct)).isEqualTo("service.internal");
		assertThat(resolver.resolve(direct)).isEqualTo("198.51.100.7");
		assertThat(rfc7239Resolver.isSecure(rfc7239)).isTrue();
		assertThat(rfc7239Resolver.host(rfc7239)).isEqualTo("api.example.com");
		assertThat(rfc7239Resolver.resolve(rfc7239)).isEqualTo("203.0.113.9");
		assertThat(resolver.ignoredForwardedHeaders()).isEqualTo(1);
		assertThat(resolver.ignoredFromPrivatePeers()).isZero();
	}

	@Test
	void readsTheForwardedHostOnlyWhenTheProxiesAreSaidToWriteIt() {
		ClientAddressResolver resolver = new ClientAddressResolver(TrustedProxies.of(List.of("10.0.0.0/8")));
		MockHttpServletRequest request = request("10.1.1.1", "X-Forwarded-Host", "localhost", "Forwarded",
				"for=203.0.113.9;host=localhost");

		assertThat(resolver.host(request)).isEqualTo("service.internal");
	}

	@Test
	void countsTrustedProxiesThatSendOnlyTheOtherHeader(CapturedOutput output) {
		ClientAddressResolver resolver = new ClientAddressResolver(TrustedProxies.of(List.of("10.0.0.0/8")));

		assertThat(resolver.resolve(request("10.1.1.1", "Forwarded", "for=203.0.113.9"))).isEqualTo("10.1.1.1");
		resolver.resolve(request("10.1.1.2", "Forwarded", "for=203.0.113.9"));
		resolver.resolve(request("10.1.1.3", "Forwarded", "for=203.0.113.9", "X-Forwarded-For", "203.0.113.9"));
		resolver.resolve(request("203.0.113.50", "Forwarded", "for=1.2.3.4"));

		assertThat(resolver.otherHeaderFromProxies()).isEqualTo(2);
		assertThat(output.getOut()).containsOnlyOnce("HR-PROXIES-HEADER");
	}

	@Test
	void countsForwardingHeadersFromPrivatePeersNobodyTrusts() {
		ClientAddressResolver resolver = new ClientAddressResolver(TrustedProxies.none());

		resolver.resolve(request("10.0.0.5", "X-Forwarded-For", "203.0.113.9"));
		resolver.resolve(request("fd12::5", "X-Forwarded-For", "203.0.113.9"));
		resolver.resolve(request("203.0.113.50", "X-Forwarded-For", "1.2.3.4"));
		resolver.resolve(request("10.0.0.6"));

		assertThat(resolver.ignoredForwardedHeaders()).isEqualTo(3);
		assertThat(resolver.ignoredFromPrivatePeers()).isEqualTo(2);
	}

	private static MockHttpServletRequest request(String peer, String... headers) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
		request.setRemoteAddr(peer);
		request.addHeader("Host", "service.internal");
		for (int i = 0; i < headers.length; i += 2) {
			request.addHeader(headers[i], headers[i + 1]);
		}
		return request;
	}

}
