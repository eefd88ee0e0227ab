package dev.hardening.web;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The IP literal and {@code Host} parsers over generated input: every spelling of one address
 * reads as that address (and as Java reads it), canonical forms read back as themselves, the
 * spellings only some parsers accept are refused, and nothing throws but what is documented.
 */
class AddressLiteralPropertyTests {

	@Property(tries = 500)
	void everySpellingOfAnAddressIsThatAddress(@ForAll("addresses") byte[] address, @ForAll long seed)
			throws UnknownHostException {
		String spelled = IpSpellings.spell(address, new Random(seed));

		Optional<InetAddress> parsed = IpRange.parseAddress(spelled);

		assertThat(parsed).as(spelled).contains(InetAddress.getByAddress(address));
		assertThat(IpRange.parseAddress("[" + spelled + "]")).as(spelled)
			.isEqualTo(spelled.contains(":") ? parsed : Optional.empty());
		// Java reads an IPv6 literal without asking DNS; both parsers agree
		if (spelled.contains(":")) {
			assertThat(parsed).contains(InetAddress.getByName(spelled));
		}
	}

	@Property(tries = 500)
	void anyTextParsesToNothingOrToAnAddressWhoseCanonicalFormReadsBack(@ForAll("literalish") String text) {
		Optional<InetAddress> parsed = IpRange.parseAddress(text);

		parsed.ifPresent((address) -> assertThat(IpRange.parseAddress(address.getHostAddress())).contains(address));
	}

	@Property(tries = 500)
	void leadingZerosInIpv4AndZoneIdsAreNeverAnAddress(@ForAll("addresses") byte[] address, @ForAll long seed,
			@ForAll @IntRange(min = 0, max = 3) int part) {
		Random random = new Random(seed);
		if (address.length == 4) {
			String[] parts = new String[4];
			for (int i = 0; i < 4; i++) {
				parts[i] = String.valueOf(address[i] & 0xff);
			}
			parts[part] = "0" + parts[part];
			assertThat(IpRange.parseAddress(String.join(".", parts))).isEmpty();
			assertThat(IpRange.parseAddress("::ffff:" + String.join(".", parts))).isEmpty();
		}
		else {
			String zone = "%" + (random.nextBoolean() ? "eth0" : String.valueOf(random.nextInt(9)));
			assertThat(IpRange.parseAddress(IpSpellings.spell(address, random) + zone)).isEmpty();
			assertThat(AllowedHosts.hostOf("[" + IpSpellings.spell(address, random) + zone + "]")).isNull();
		}
	}

	@Property(tries = 300)
	void aRangeHoldsExactlyTheAddressesThatShareItsPrefix(@ForAll("addresses") byte[] network,
			@ForAll("addresses") byte[] address, @ForAll @IntRange(min = 0, max = 128) int prefix, @ForAll long seed)
			throws UnknownHostException {
		int bits = network.length * 8;
		int length = prefix % (bits + 1);
		String spelled = (network.length == 4) ? InetAddress.getByAddress(network).getHostAddress()
				: IpSpellings.spell(network, new Random(seed));

		IpRange range = IpRange.parse(spelled + "/" + length);

		boolean sharesThePrefix = address.length == network.length && new BigInteger(1, address)
			.shiftRight(bits - length)
			.equals(new BigInteger(1, network).shiftRight(bits - length));
		assertThat(range.contains(InetAddress.getByAddress(address))).isEqualTo(sharesThePrefix);
		assertThat(range.contains(InetAddress.getByAddress(network))).isTrue();
		assertThat(IpRange.parse(range.toString())).isEqualTo(range);
		assertThat(range.prefixLength()).isEqualTo(length);
	}

	@Property(tries = 500)
	void parsingARangeFailsOnlyWithIllegalArgument(@ForAll("literalish") String text,
			@ForAll @IntRange(min = -1, max = 200) int prefix) {
		assertThatCode(() -> {
			try {
				IpRange range = IpRange.parse((prefix < 0) ? text : text + "/" + prefix);
				assertThat(IpRange.parse(range.toString())).isEqualTo(range);
			}
			catch (IllegalArgumentException ex) {
				// the documented failure
			}
		}).doesNotThrowAnyException();
	}

	@Property(tries = 500)
	void everySpellingOfAHostReadsTheSame(@ForAll("addresses") byte[] address, @ForAll long seed,
			@ForAll @IntRange(min = 0, max = 65535) int port) {
		Random random = new Random(seed);
		String spelled = IpSpellings.spell(address, random);
		String host = spelled.contains(":") ? "[" + spelled + "]" : spelled;
		String canonical = AllowedHosts.hostOf(host);

		assertThat(canonical).as(host).isNotNull();
		assertThat(AllowedHosts.hostOf(host + ":" + port)).isEqualTo(canonical);
		assertThat(AllowedHosts.hostOf(canonical)).isEqualTo(canonical);
		assertThat(AllowedHosts.of(List.of(canonical)).allows(host + (random.nextBoolean() ? ":" + port : "")))
			.isTrue();
	}

	@Property(tries = 300)
	void aNameReadsTheSameInAnyCaseWithAPortOrATrailingDot(@ForAll("names") String name,
			@ForAll @IntRange(min = 0, max = 65535) int port, @ForAll long seed) {
		Random random = new Random(seed);
		StringBuilder spelled = new StringBuilder();
		for (char c : name.toCharArray()) {
			spelled.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
		}
		String host = spelled + (random.nextBoolean() ? "." : "") + (random.nextBoolean() ? ":" + port : "");

		assertThat(AllowedHosts.hostOf(host)).as(host).isEqualTo(name);
		assertThat(AllowedHosts.of(List.of("*." + name)).allows("a." + host)).isTrue();
		// percent-encoding a character never names the same host
		int at = random.nextInt(name.length());
		String encoded = name.substring(0, at) + "%" + Integer.toHexString(name.charAt(at)) + name.substring(at + 1);
		assertThat(AllowedHosts.of(List.of(name)).allows(encoded)).isFalse();
	}

	@Property(tries = 1000)
	void anyHostValueIsRefusedOrReadToACanonicalFormAndNeverThrows(@ForAll("hostish") String value) {
		String host = AllowedHosts.hostOf(value);

		if (host != null) {
			assertThat(AllowedHosts.hostOf(host)).isEqualTo(host);
			assertThat(host).isEqualTo(host.toLowerCase(Locale.ROOT)).doesNotEndWith(".");
		}
		assertThat(AllowedHosts.of(List.of("api.example.com", "*.example.com", "[::1]", "127.0.0.1")).allows(value))
			.isEqualTo(host != null && (host.equals("api.example.com") || host.endsWith(".example.com")
					|| host.equals("[0:0:0:0:0:0:0:1]") || host.equals("127.0.0.1")));
	}

	@Property(tries = 500)
	void anyStringIsSafeToParse(@ForAll String value) {
		assertThatCode(() -> {
			IpRange.parseAddress(value);
			AllowedHosts.hostOf(value);
		}).doesNotThrowAnyException();
	}

	@Provide
	Arbitrary<byte[]> addresses() {
		Arbitrary<byte[]> ipv4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
		// IPv6 with runs of zero groups, so that "::" has something to stand for
		Arbitrary<byte[]> ipv6 = Arbitraries.integers()
			.between(0, 0xffff)
			.injectDuplicates(0.1)
			.list()
			.ofSize(8)
			.map((groups) -> {
				byte[] bytes = new byte[16];
				for (int i = 0; i < 8; i++) {
					int value = (groups.get(i) % 3 == 0) ? 0 : groups.get(i);
					bytes[2 * i] = (byte) (value >>> 8);
					bytes[2 * i + 1] = (byte) value;
				}
				return isMapped(bytes) ? new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] } : bytes;
			});
		return Arbitraries.oneOf(ipv4, ipv6);
	}

	private static boolean isMapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

	@Provide
	Arbitrary<String> literalish() {
		return Arbitraries.strings().withChars("0123456789abcdefABCDEFx:.[]%/ ").ofMaxLength(48);
	}

	@Provide
	Arbitrary<String> hostish() {
		return Arbitraries.strings().withChars("0123456789abcdefxlmpAEX:.[]%-_@ ü").ofMaxLength(40);
	}

	@Provide
	Arbitrary<String> names() {
		Arbitrary<String> label = Arbitraries.strings()
			.withChars("abcdefghijklmnopqrstuvwxyz0123456789")
			.ofMinLength(1)
			.ofMaxLength(12);
		Arbitrary<String> last = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(2).ofMaxLength(6);
		return label.list().ofMinSize(0).ofMaxSize(3).flatMap((labels) -> last.map((tld) -> {
			StringBuilder name = new StringBuilder();
			for (String l : labels) {
				name.append(l).append('.');
			}
			return name.append(tld).toString();
		}));
	}

}
