package dev.hardening.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarding chains as proxies and clients write them, in every spelling: the client found is
 * always the one a model of the rule finds (right to left, first untrusted address, stop at the
 * first malformed hop and believe the trusted proxy to its right), and no input throws.
 */
class ForwardedChainPropertyTests {

	private static final String PEER = "10.0.0.2";

	private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8:ffff::/48"));

	private static final TrustedProxies FORWARDED = PROXIES.withHeader(ForwardedHeader.FORWARDED);

	private static final List<String> MALFORMED_HOPS = List.of("unknown", "_hidden", "garbage!", "", " ", "010.1.2.3",
			"1.2.3", "fe80::1%eth0", "[::1", "1.2.3.4:99999", "evil.example", "1.2.3.4.5", "::1]", "\"1.2.3.4\"",
			"198.51.100%2e7", "2001:db8::g", "1:2:3:4:5:6:7:8:9");

	private static final List<String> MALFORMED_ELEMENTS = List.of("for=unknown", "for=_hidden", "FOR=\"_hidden:80\"",
			"for=garbage!", "", "proto=https", "for=1.2.3.4;for=5.6.7.8", "for = 1.2.3.4", "for=\"198.51.100%2e7\"",
			"=x", "for=1.2.3.4 junk", "for=");

	/** A hop of the chain as the model sees it. */
	record Hop(Kind kind, byte[] address, String text, String element, boolean https) {

		String canonical() {
			try {
				return InetAddress.getByAddress(this.address).getHostAddress();
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	enum Kind {

		TRUSTED, UNTRUSTED, MALFORMED

	}

	@Property(tries = 500)
	void xForwardedForFindsTheClientTheModelFinds(@ForAll("chains") List<Hop> chain, @ForAll long seed) {
		List<String> lines = xForwardedForLines(chain, new Random(seed));

		TrustedProxies.Client client = PROXIES.client(PEER,
				TrustedProxiesTests.headers(Map.of("X-Forwarded-For", lines, "Forwarded", List.of("for=6.6.6.6"))));

		int index = model(chain);
		assertThat(client.address()).as("%s", lines).isEqualTo((index < 0) ? PEER : chain.get(index).canonical());
	}

	@Property(tries = 500)
	void forwardedFindsTheClientAndItsSchemeTheModelFinds(@ForAll("chains") List<Hop> chain, @ForAll long seed) {
		List<String> lines = forwardedLines(chain, new Random(seed));

		TrustedProxies.Client client = FORWARDED.client(PEER,
				TrustedProxiesTests.headers(Map.of("Forwarded", lines, "X-Forwarded-For", List.of("6.6.6.6"))));

		int index = model(chain);
		assertThat(client.address()).as("%s", lines).isEqualTo((index < 0) ? PEER : chain.get(index).canonical());
		assertThat(client.forwardedHttps()).as("%s", lines).isEqualTo(index >= 0 && chain.get(index).https());
	}

	@Property(tries = 1000)
	void anyInputGivesThePeerOrAnAddressAndNeverThrows(@ForAll @Size(max = 4) List<String> lines,
			@ForAll boolean forwarded) {
		TrustedProxies proxies = forwarded ? FORWARDED : PROXIES;

		String client = proxies.clientAddress(PEER, lines);

		assertThat(client.equals(PEER) || IpRange.parseAddress(client).isPresent()).as(client).isTrue();
	}

	@Property(tries = 1000)
	void anyInputMadeOfHeaderCharactersGivesThePeerOrAnAddressAndNeverThrows(@ForAll("headerish") String line,
			@ForAll boolean forwarded) {
		TrustedProxies proxies = forwarded ? FORWARDED : PROXIES;

		String client = proxies.clientAddress(PEER, List.of(line));

		assertThat(client.equals(PEER) || IpRange.parseAddress(client).isPresent()).as(client).isTrue();
	}

	/** Right to left: the first untrusted address; at a malformed hop, the trusted hop to its right. */
	private static int model(List<Hop> chain) {
		int last = -1;
		for (int i = chain.size() - 1; i >= 0; i--) {
			Hop hop = chain.get(i);
			if (hop.kind() == Kind.MALFORMED) {
				return last;
			}
			last = i;
			if (hop.kind() == Kind.UNTRUSTED) {
				return i;
			}
		}
		return last;
	}

	@Provide
	Arbitrary<String> headerish() {
		return Arbitraries.strings()
			.withChars("0123456789abcdefABCDEF:.[]\"\\,; =_-%forFORunknownhostproto\t")
			.ofMaxLength(80);
	}

	@Provide
	Arbitrary<List<Hop>> chains() {
		return Arbitraries.oneOf(address(Kind.TRUSTED), address(Kind.UNTRUSTED), address(Kind.UNTRUSTED), malformed())
			.list()
			.ofMaxSize(6);
	}

	private static Arbitrary<Hop> malformed() {
		return Combinators.combine(Arbitraries.of(MALFORMED_HOPS), Arbitraries.of(MALFORMED_ELEMENTS))
			.as((text, element) -> new Hop(Kind.MALFORMED, new byte[0], text, element, false));
	}

	private static Arbitrary<Hop> address(Kind kind) {
		Arbitrary<byte[]> ipv4 = Arbitraries.integers()
			.between(0, 0xffffff)
			.map((low) -> new byte[] { (byte) ((kind == Kind.TRUSTED) ? 10 : 198), (byte) (low >>> 16),
					(byte) (low >>> 8), (byte) (int) low });
		Arbitrary<byte[]> ipv6 = Arbitraries.integers()
			.between(0, 0xfffe)
			.list()
			.ofSize(6)
			.map((groups) -> {
				byte[] bytes = new byte[16];
				int[] all = { 0x2001, 0xdb8, (kind == Kind.TRUSTED) ? 0xffff : groups.get(0), groups.get(1) % 3,
						groups.get(2), 0, groups.get(3) % 2, groups.get(4) };
				for (int i = 0; i < 8; i++) {
					bytes[2 * i] = (byte) (all[i] >>> 8);
					bytes[2 * i + 1] = (byte) all[i];
				}
				return bytes;
			});
		return Combinators.combine(Arbitraries.oneOf(ipv4, ipv6), Arbitraries.longs())
			.as((bytes, seed) -> spell(kind, bytes, new Random(seed)));
	}

	private static Hop spell(Kind kind, byte[] bytes, Random random) {
		return new Hop(kind, bytes, xForwardedForText(bytes, random), elementText(bytes, random),
				random.nextBoolean());
	}

	private static String xForwardedForText(byte[] bytes, Random random) {
		String address = IpSpellings.spell(bytes, random);
		boolean ipv6 = address.indexOf(':') >= 0;
		return switch (random.nextInt(4)) {
			case 0 -> ipv6 ? "[" + address + "]" : address;
			case 1 -> (ipv6 ? "[" + address + "]" : address) + ":" + random.nextInt(65536);
			default -> address;
		};
	}

	private static String elementText(byte[] bytes, Random random) {
		String address = IpSpellings.spell(bytes, random);
		boolean ipv6 = address.indexOf(':') >= 0;
		String node = ipv6 ? "[" + address + "]" : address;
		if (random.nextInt(3) == 0) {
			node += ":" + (random.nextBoolean() ? String.valueOf(random.nextInt(65536)) : "_port" + random.nextInt(9));
		}
		String value = (ipv6 || random.nextBoolean()) ? quote(node, random) : node;
		List<String> pairs = new ArrayList<>(List.of(name("for", random) + "=" + value));
		if (random.nextBoolean()) {
			pairs.add(name("by", random) + "=" + (random.nextBoolean() ? "_proxy" : "\"[2001:db8::1]\""));
		}
		java.util.Collections.shuffle(pairs, random);
		return String.join(random.nextBoolean() ? ";" : " ; ", pairs);
	}

	private static String quote(String value, Random random) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (random.nextInt(8) == 0) {
				quoted.append('\\');
			}
			quoted.append(c);
		}
		return quoted.append('"').toString();
	}

	private static String name(String name, Random random) {
		return random.nextBoolean() ? name : name.toUpperCase(Locale.ROOT);
	}

	private static List<String> xForwardedForLines(List<Hop> chain, Random random) {
		return lines(chain.stream().map(Hop::text).toList(), random);
	}

	private static List<String> forwardedLines(List<Hop> chain, Random random) {
		List<String> elements = new ArrayList<>();
		for (Hop hop : chain) {
			String proto = name("proto", random) + "=" + (hop.https() ? "https" : "http");
			elements.add((hop.kind() == Kind.MALFORMED) ? hop.element() : hop.element() + ";" + proto);
		}
		return lines(elements, random);
	}

	/** Joins the values into lines, splitting between them at random, with optional whitespace. */
	private static List<String> lines(List<String> values, Random random) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = null;
		for (String value : values) {
			if (line == null || random.nextInt(3) == 0) {
				if (line != null) {
					lines.add(line.toString());
				}
				line = new StringBuilder(value);
			}
			else {
				line.append(random.nextBoolean() ? ", " : ",\t").append(value);
			}
		}
		if (line != null) {
			lines.add(line.toString());
		}
		return lines;
	}

}
