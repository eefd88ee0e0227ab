package dev.hardening.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrustedProxiesTests {

	private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

	@Test
	void ignoresForwardingHeadersFromAnUntrustedPeer() {
		assertThat(this.proxies.clientAddress("203.0.113.9", List.of("1.2.3.4"), List.of()))
			.isEqualTo("203.0.113.9");
		assertThat(TrustedProxies.none().clientAddress("10.0.0.1", List.of("1.2.3.4"), List.of()))
			.isEqualTo("10.0.0.1");
	}

	@Test
	void takesTheRightMostUntrustedAddressFromATrustedPeer() {
		// the client spoofed 6.6.6.6 at the left; our proxies appended the real client and themselves
		String client = this.proxies.clientAddress("10.0.0.2", List.of("6.6.6.6, 198.51.100.7, 10.3.3.3"), List.of());

		assertThat(client).isEqualTo("198.51.100.7");
	}

	@Test
	void joinsSeveralHeaderLinesBeforeReadingThem() {
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("6.6.6.6", "198.51.100.7, 10.3.3.3"), List.of()))
			.isEqualTo("198.51.100.7");
	}

	@Test
	void skipsMalformedEntries() {
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("198.51.100.7, garbage, , 10.3.3.3"), List.of()))
			.isEqualTo("198.51.100.7");
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("evil.example.com"), List.of()))
			.isEqualTo("10.0.0.2");
	}

	@Test
	void readsForwardedBeforeXForwardedForWithPortsAndIpv6() {
		String client = this.proxies.clientAddress("2001:db8:ffff::1", List.of("1.1.1.1"),
				List.of("for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https, for=10.1.1.1:8080"));

		assertThat(client).isEqualTo("2001:db8:cafe:0:0:0:0:17");
	}

	@Test
	void fallsBackToTheLeftMostTrustedHopWhenEveryHopIsTrusted() {
		assertThat(this.proxies.clientAddress("10.0.0.2", List.of("10.9.9.9, 10.3.3.3"), List.of()))
			.isEqualTo("10.9.9.9");
	}

	@Test
	void rejectsAnEntryThatIsNotARange() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/8", "proxy.internal")))
			.withMessageContaining("proxy.internal");
	}

}
