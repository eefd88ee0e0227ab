package dev.hardening.web;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IpRangeTests {

	@Test
	void matchesIpv4Ranges() {
		IpRange range = IpRange.parse("10.0.0.0/8");

		assertThat(range.contains(address("10.200.3.4"))).isTrue();
		assertThat(range.contains(address("11.0.0.1"))).isFalse();
		assertThat(IpRange.parse("192.168.1.7").contains(address("192.168.1.7"))).isTrue();
		assertThat(IpRange.parse("192.168.1.7").contains(address("192.168.1.8"))).isFalse();
		assertThat(IpRange.parse("0.0.0.0/0").contains(address("8.8.8.8"))).isTrue();
	}

	@Test
	void matchesIpv6RangesAndKeepsFamiliesApart() {
		IpRange range = IpRange.parse("fd00::/8");

		assertThat(range.contains(address("fd12:3456::1"))).isTrue();
		assertThat(range.contains(address("2001:db8::1"))).isFalse();
		assertThat(IpRange.parse("[::1]").contains(address("::1"))).isTrue();
		assertThat(IpRange.parse("0.0.0.0/0").contains(address("::1"))).isFalse();
		assertThat(range.isIpv6()).isTrue();
	}

	@Test
	void treatsIpv4MappedIpv6AsIpv4() {
		assertThat(IpRange.parse("10.0.0.0/8").contains(address("::ffff:10.1.2.3"))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "example.com", "10.0.0.0/33", "::1/129", "10.0.0", "10.0.0.0.1", "256.1.1.1",
			"10.0.0.0/", "10.0.0.0/x", "", "fe80::1%eth0", "a.b", "1e100", "010.0.0.0/8", "10.0.0.00", "[10.0.0.1]",
			"1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "1:::2", "12345::", "::ffff:10.0.0.0/8", "::ffff:010.0.0.1",
			"0x0a.0.0.1", "１.2.3.4", "[::1", "::1]" })
	void rejectsAnythingButLiteralsWithoutAskingDns(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> IpRange.parse(text)).withMessageContaining(text);
	}

	@Test
	void readsEveryFormOfOneAddressAsThatAddress() {
		assertThat(address("2001:db8::1")).isEqualTo(address("2001:0DB8:0000:0000:0000:0000:0000:0001"))
			.isEqualTo(address("[2001:db8:0:0::1]"))
			.isEqualTo(address("2001:db8::0.0.0.1"));
		assertThat(address("::ffff:192.0.2.1")).isEqualTo(address("::FFFF:c000:201")).isEqualTo(address("192.0.2.1"));
		assertThat(address("::")).isEqualTo(address("0:0:0:0:0:0:0:0"));
		assertThat(IpRange.parseAddress("1::")).isPresent();
		assertThat(IpRange.parseAddress("1:2:3:4:5:6:7::")).isPresent();
		assertThat(IpRange.parseAddress("1:2:3:4:5:6:7:8::")).isEmpty();
	}

	@Test
	void readsAnIpv4MappedRangeAsTheIpv4RangeItMaps() {
		assertThat(IpRange.parse("::ffff:10.0.0.0/104")).isEqualTo(IpRange.parse("10.0.0.0/8"));
		assertThat(IpRange.parse("::ffff:10.1.2.3")).isEqualTo(IpRange.parse("10.1.2.3/32"));
	}

	@Test
	void givesTheNetworkOfAnAddress() {
		assertThat(IpRange.of(address("2001:db8:1:2:3:4:5:6"), 64)).hasToString("2001:db8:1:2:0:0:0:0/64");
		assertThat(IpRange.of(address("2001:db8:1:2:3:4:5:6"), 60)).hasToString("2001:db8:1:0:0:0:0:0/60");
		assertThat(IpRange.of(address("198.51.100.7"), 24)).hasToString("198.51.100.0/24");
		assertThatIllegalArgumentException().isThrownBy(() -> IpRange.of(address("198.51.100.7"), 33));
	}

	@Test
	void printsItsCanonicalForm() {
		assertThat(IpRange.parse("10.9.8.7/8")).hasToString("10.0.0.0/8");
		assertThat(IpRange.parse("10.9.8.7/8")).isEqualTo(IpRange.parse("10.0.0.0/8"));
	}

	private static InetAddress address(String literal) {
		return IpRange.parseAddress(literal).orElseThrow();
	}

}
