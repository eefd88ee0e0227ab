package dev.hardening.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedProxiesTests {

	private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

	private final TrustedProxies forwarded = this.proxies.withHeader(ForwardedHeader.FORWARDED);

	@Test
	void ignoresForwardingHeadersFromAnUntrustedPeer() {
		assertThat(this.proxies.clientAddress("203.0.113.9", List.of("1.2.3.4"))).isEqualTo("203.0.113.9");
		assertThat(TrustedProxies.none().clientAddress("10.0.0.1", List.of("1.2.3.4"))).isEqualTo("10.0.0.1");
	}

	@Test
	void takesTheRightMostUntrustedAddressFromATrustedPeer() {
		// the client spoofed 6.6.6.6 at the left; our proxies appended the real client and themselves
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("6.6.6.6, 198.51.100.7, 10.3.3.3")))
			.isEqualTo("198.51.100.7");
	}

	@Test
	void joinsSeveralHeaderLinesBeforeReadingThem() {
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("6.6.6.6", "198.51.100.7, 10.3.3.3")))
			.isEqualTo("198.51.100.7");
	}

	@ParameterizedTest
	@ValueSource(strings = { "unknown", "_hidden", "garbage!", "", " ", "evil.example.com", "198.51.100.7.1",
			"010.1.2.3", "fe80::1%eth0", "1.2.3.4:", "1.2.3.4:70000", "[::1", "::1]", "1.2.3.4 5.6.7.8" })
	void stopsAtTheFirstMalformedHopAndBelievesOnlyTheProxyThatWroteIt(String malformed) {
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("6.6.6.6, " + malformed + ", 10.3.3.3")))
			.isEqualTo("10.3.3.3");
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("6.6.6.6, " + malformed))).isEqualTo("10.0.0.2");
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("6.6.6.6", malformed))).isEqualTo("10.0.0.2");
	}

	@Test
	void readsPortsBracketsAndEveryFormOfIpv6() {
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("198.51.100.7:4711"))).isEqualTo("198.51.100.7");
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("[2001:db8:cafe::17]:4711")))
			.isEqualTo("2001:db8:cafe:0:0:0:0:17");
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("2001:DB8:CAFE:0:0:0:0:17")))
			.isEqualTo("2001:db8:cafe:0:0:0:0:17");
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("::ffff:198.51.100.7"))).isEqualTo("198.51.100.7");
	}

	@Test
	void readsOnlyTheConfiguredHeaderAndNeverFallsBackToTheOther() {
		Map<String, List<String>> both = Map.of("X-Forwarded-For", List.of("198.51.100.7"), "Forwarded",
				List.of("for=6.6.6.6"));
		Map<String, List<String>> forwardedOnly = Map.of("Forwarded", List.of("for=6.6.6.6"));
		Map<String, List<String>> xffOnly = Map.of("X-Forwarded-For", List.of("6.6.6.6"));

		assertThat(this.proxies.client("10.0.0.2", headers(both)).address()).isEqualTo("198.51.100.7");
		assertThat(this.proxies.client("10.0.0.2", headers(forwardedOnly)).address()).isEqualTo("10.0.0.2");
		assertThat(this.forwarded.client("10.0.0.2", headers(both)).address()).isEqualTo("6.6.6.6");
		assertThat(this.forwarded.client("10.0.0.2", headers(xffOnly)).address()).isEqualTo("10.0.0.2");
	}

	@Test
	void readsForwardedElementsWithQuotesPortsCaseAndIpv6() {
		String client = this.forwarded.clientAddress("2001:db8:ffff::1",
				List.of("for=6.6.6.6, For=\"[2001:db8:cafe::17]:4711\";proto=https, FOR=10.1.1.1:8080"));

		assertThat(client).isEqualTo("2001:db8:cafe:0:0:0:0:17");
		assertThat(this.forwarded.clientAddress("10.0.0.2", List.of("for=\"198.51.100.7:_obf\";by=_proxy")))
			.isEqualTo("198.51.100.7");
		assertThat(this.forwarded.clientAddress("10.0.0.2", List.of("for=\"198\\.51.100.7\""))).isEqualTo("198.51.100.7");
	}

	@ParameterizedTest
	@ValueSource(strings = { "for=unknown", "for=_hidden", "for=\"_hidden\"", "", "proto=https", "for=",
			"for=1.2.3.4;for=5.6.7.8", "for = 1.2.3.4", "=1.2.3.4", "for=1.2.3.4 x", "for=[::1]:99999" })
	void stopsAtTheFirstMalformedOrObfuscatedForwardedElement(String malformed) {
		assertThat(this.forwarded.clientAddress("10.0.0.2", List.of("for=6.6.6.6, " + malformed + ", for=10.3.3.3")))
			.isEqualTo("10.3.3.3");
		assertThat(this.forwarded.clientAddress("10.0.0.2", List.of("for=6.6.6.6", malformed))).isEqualTo("10.0.0.2");
	}

	@Test
	void anUnterminatedQuoteIsMalformedToTheEndOfItsLine() {
		// it swallows what a proxy appended on the same line, so only the peer is left to believe
		assertThat(this.forwarded.clientAddress("10.0.0.2", List.of("for=\"6.6.6.6, for=10.3.3.3"))).isEqualTo("10.0.0.2");
		assertThat(this.forwarded.clientAddress("10.0.0.2", List.of("for=\"6.6.6.6", "for=10.3.3.3")))
			.isEqualTo("10.3.3.3");
	}

	@Test
	void aQuotedCommaOrSemicolonDoesNotSplitAnElement() {
		assertThat(this.forwarded.clientAddress("10.0.0.2", List.of("for=\"6.6.6.6, for=7.7.7.7\"")))
			.isEqualTo("10.0.0.2");
		assertThat(this.forwarded.clientAddress("10.0.0.2", List.of("for=198.51.100.7;ext=\"a;b,c\"")))
			.isEqualTo("198.51.100.7");
	}

	@Test
	void takesSchemeAndHostFromTheElementTheClientCameFrom() {
		TrustedProxies withHost = this.forwarded.withForwardedHost(true);
		TrustedProxies.Client client = withHost.client("10.0.0.2", headers(Map.of("Forwarded",
				List.of("for=6.6.6.6;proto=http;host=evil.example, for=198.51.100.7;proto=https;host=api.example.com, "
						+ "for=10.3.3.3;proto=http;host=internal"))));

		assertThat(client.address()).isEqualTo("198.51.100.7");
		assertThat(client.forwardedHttps()).isTrue();
		assertThat(client.host()).isEqualTo("api.example.com");
		assertThat(this.forwarded.client("10.0.0.2", headers(Map.of("Forwarded", List.of("for=198.51.100.7;host=a"))))
			.host()).isNull();
	}

	@Test
	void readsTheXForwardedSchemeAndHostOnlyBesideXForwardedFor() {
		Map<String, List<String>> headers = Map.of("X-Forwarded-For", List.of("198.51.100.7"), "X-Forwarded-Proto",
				List.of("http, https"), "X-Forwarded-Host", List.of("evil.example", "api.example.com"), "Forwarded",
				List.of("for=198.51.100.7;proto=http;host=other.example"));

		TrustedProxies.Client client = this.proxies.withForwardedHost(true).client("10.0.0.2", headers(headers));
		assertThat(client.forwardedHttps()).isTrue();
		assertThat(client.host()).isEqualTo("api.example.com");
		assertThat(this.proxies.client("10.0.0.2", headers(headers)).host()).isNull();
		TrustedProxies.Client untrusted = this.proxies.withForwardedHost(true).client("203.0.113.1", headers(headers));
		assertThat(untrusted.forwardedHttps()).isFalse();
		assertThat(untrusted.host()).isNull();
	}

	@Test
	void fallsBackToTheLeftMostTrustedHopWhenEveryHopIsTrusted() {
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("10.9.9.9, 10.3.3.3"))).isEqualTo("10.9.9.9");
	}

	@Test
	void rejectsAnEntryThatIsNotARange() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/8", "proxy.internal")))
			.withMessageContaining("proxy.internal");
	}

	static java.util.function.Function<String, List<String>> headers(Map<String, List<String>> headers) {
		return (name) -> headers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(List.of());
	}

}
