package dev.hardening.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AllowedHostsTests {

	private final AllowedHosts hosts = AllowedHosts.of(
			List.of("api.example.com", "*.apps.example.com", "127.0.0.1", "[::1]", "bücher.example"));

	@ParameterizedTest
	@ValueSource(strings = { "api.example.com", "API.Example.COM", "api.example.com:8443", "api.example.com.",
			"eu.apps.example.com", "a.b.apps.example.com:80", "127.0.0.1:8080", "[::1]", "[::1]:8080",
			"xn--bcher-kva.example", "[0:0:0:0:0:0:0:1]", "[0000::1]:443", "[::FFFF:127.0.0.1]", "[::ffff:7f00:1]:80" })
	void allows(String host) {
		assertThat(this.hosts.allows(host)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.example", "apps.example.com", "example.com", "api.example.com.evil.example",
			"evilapi.example.com", "api.example.com:", "api.example.com:99999999", "api.example.com:8o",
			"api example.com", "api.example.com\r\nX: y", "[::1", "[::2]", "bücher.example", "", " ",
			"-api.example.com", "api..example.com", "127.0.0.2", "[::1%25eth0]", "[::1%eth0]", "127.0.0.01", "127.1",
			"2130706433", "0x7f.0.0.1", "0x7f000001", "[::1]x", "[::1]:", "[127.0.0.1]", "::1", "api.example.com..",
			"api%2eexample.com", "api.example.com@evil.example", "*.apps.example.com", "eu.apps.example.com:80:80" })
	void refuses(String host) {
		assertThat(this.hosts.allows(host)).isFalse();
	}

	@Test
	void comparesIpLiteralsAsAddresses() {
		AllowedHosts expanded = AllowedHosts.of(List.of("[0:0:0:0:0:0:0:1]", "[::ffff:10.0.0.1]"));

		assertThat(expanded.allows("[::1]")).isTrue();
		assertThat(expanded.allows("10.0.0.1")).isTrue();
		assertThat(AllowedHosts.hostOf("[0::1]:8080")).isEqualTo("[0:0:0:0:0:0:0:1]");
		assertThat(AllowedHosts.hostOf("[::ffff:10.0.0.1]")).isEqualTo("10.0.0.1");
	}

	@Test
	void refusesAMissingHost() {
		assertThat(this.hosts.allows(null)).isFalse();
	}

	@Test
	void refusesPatternsThatAreNotHosts() {
		for (String pattern : new String[] { "*", "*.", "https://api.example.com", "api.example.com/path", "*.[::1]",
				"exa mple.com", "api.*.example.com", "[fe80::1%eth0]", "127.0.0.01", "*.0.0.1", "127.1" }) {
			assertThatIllegalArgumentException().as(pattern).isThrownBy(() -> AllowedHosts.of(List.of(pattern)));
		}
	}

}
