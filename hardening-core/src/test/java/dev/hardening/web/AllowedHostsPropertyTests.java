package dev.hardening.web;

import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AllowedHosts} matches a {@code Host} value where it lies, folding ASCII letters only,
 * and answers as {@link LegacyAllowedHosts}, which lower-cased a copy of every value, did: for
 * every value and list of hosts, but a value with the Kelvin sign, which the copy lower-cased to
 * {@code k} and which is now refused. Letters that Java's case-insensitive comparisons take for
 * ASCII ones ({@code ſ} for {@code s}, the Kelvin sign for {@code k}) never name an allowed host.
 */
class AllowedHostsPropertyTests {

	private static final char KELVIN = '\u212A';

	private static final char LONG_S = '\u017F';

	private static final List<String> PATTERNS = List.of("localhost", "api.example.com", "*.example.com",
			"*.apps.example.com", "kubernetes", "ski.example", "127.0.0.1", "10.0.0.1", "[::1]", "[2001:db8::7]",
			"[::ffff:10.0.0.2]", "bücher.example", "a-b.c0", "0x.example", "xn--bcher-kva.example", "a.b.c.d.e.f");

	/** What a value may be made of, around and inside a host. */
	private static final List<String> PIECES = List.of(".", "-", ":", "::", "[", "]", "%", "@", "_", " ", "\t",
			"\u2003", "\u00A0", "\u001C", "\n", "0", "1", "255", "256", "0x7f", "0X7F", "ff", "FF", "k", "K",
			String.valueOf(KELVIN), "s", "S", String.valueOf(LONG_S), "i", "I", "\u0130", "\u0131", "\u00C0", "\u00E0",
			"\uFF21", "\uFF41", "ß", "xn--", "-a", "a-");

	private static final List<String> PORTS = List.of("", "", ":80", ":8080", ":65535", ":", ":99999999", ":8o",
			":80:80", ":0", ":000080");

	@Property(tries = 3000)
	void answersAsTheLowerCasedCopyDidForEveryValueWithoutTheKelvinSign(
			@ForAll("patterns") @Size(min = 1, max = 5) List<String> patterns, @ForAll long seed) {
		String value = value(patterns, new Random(seed));
		AllowedHosts hosts = AllowedHosts.of(patterns);
		LegacyAllowedHosts legacy = LegacyAllowedHosts.of(patterns);
		boolean allowed = hosts.allows(value);
		Statistics.label("allowed").collect(allowed);
		Statistics.label("valid").collect(AllowedHosts.hostOf(value) != null);

		if (value.indexOf(KELVIN) < 0) {
			assertThat(allowed).as("%s in %s", value, patterns).isEqualTo(legacy.allows(value));
			assertThat(AllowedHosts.hostOf(value)).as(value).isEqualTo(LegacyAllowedHosts.hostOf(value));
		}
		else {
			assertThat(allowed).as(value).isFalse();
			assertThat(AllowedHosts.hostOf(value)).as(value).isNull();
		}
		Statistics.label("allowed").coverage((coverage) -> {
			coverage.check(true).percentage((percentage) -> percentage > 5);
			coverage.check(false).percentage((percentage) -> percentage > 5);
		});
	}

	@Property(tries = 1000)
	void aLetterThatOnlyLooksLikeAnAsciiOneNeverNamesAnAllowedHost(@ForAll("names") String name,
			@ForAll long seed) {
		Random random = new Random(seed);
		StringBuilder value = new StringBuilder();
		boolean swapped = false;
		for (char c : name.toCharArray()) {
			String lookalike = lookalike(c, random);
			if (lookalike != null && (random.nextBoolean() || !swapped)) {
				value.append(lookalike);
				swapped = true;
			}
			else {
				value.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
			}
		}
		String host = value + PORTS.get(random.nextInt(4));
		AllowedHosts hosts = AllowedHosts.of(List.of(name, "*." + name));

		assertThat(swapped).isTrue();
		assertThat(hosts.allows(host)).as(host).isFalse();
		assertThat(hosts.allows("a." + host)).as(host).isFalse();
		assertThat(AllowedHosts.hostOf(host)).as(host).isNull();
	}

	@Example
	void theUnicodeTrapsOfCaseInsensitiveComparison() {
		AllowedHosts hosts = AllowedHosts.of(List.of("localhost", "kubernetes", "*.example.com"));

		// the trap: what String's own comparisons take for equal
		assertThat("LOCALHOſT".equalsIgnoreCase("localhost")).isTrue();
		assertThat("localhost".regionMatches(true, 0, "LOCALHOſT", 0, 9)).isTrue();
		assertThat("\u212Aubernetes".toLowerCase(java.util.Locale.ROOT)).isEqualTo("kubernetes");
		assertThat(hosts.allows("LOCALHOST")).isTrue();
		assertThat(hosts.allows("LocalHost:8080")).isTrue();
		assertThat(hosts.allows("LOCALHOſT")).isFalse();
		assertThat(hosts.allows("localhoſt:8080")).isFalse();
		assertThat(hosts.allows("\u212Aubernetes")).isFalse();
		assertThat(hosts.allows("KUBERNETES")).isTrue();
		assertThat(hosts.allows("api.EXAMPLE.COM")).isTrue();
		assertThat(hosts.allows("api.EXAMPLE.CO\u1E3E")).isFalse();
		assertThat(hosts.allows("api.example.\u0441om")).isFalse();
		assertThat(LegacyAllowedHosts.of(List.of("kubernetes")).allows("\u212Aubernetes"))
			.as("the lower-cased copy let the Kelvin sign through")
			.isTrue();
	}

	/** A character that is not the ASCII letter but that some comparison takes for it. */
	private static String lookalike(char c, Random random) {
		return switch (Character.toLowerCase(c)) {
			case 'k' -> String.valueOf(KELVIN);
			case 's' -> String.valueOf(LONG_S);
			case 'i' -> random.nextBoolean() ? "\u0130" : "\u0131";
			case 'a' -> random.nextBoolean() ? "\uFF21" : "\u00C0";
			default -> null;
		};
	}

	@Provide
	Arbitrary<List<String>> patterns() {
		return Arbitraries.of(PATTERNS).list().uniqueElements();
	}

	@Provide
	Arbitrary<String> names() {
		return Arbitraries.of("localhost", "kubernetes", "ski.example", "api.example.com", "sks-1.internal",
				"a.k.s", "ik");
	}

	/**
	 * A value near the allowed hosts: one of their hosts, an address in any spelling, or pieces,
	 * in random case, sometimes with a piece changed, a port, a trailing dot, spaces around.
	 */
	private static String value(List<String> patterns, Random random) {
		String host = switch (random.nextInt(5)) {
			case 0, 1 -> {
				String pattern = patterns.get(random.nextInt(patterns.size()));
				yield pattern.startsWith("*.") ? label(random) + pattern.substring(1) : pattern;
			}
			case 2 -> address(random);
			case 3 -> label(random) + "." + label(random) + (random.nextBoolean() ? "." + label(random) : "");
			default -> pieces(random);
		};
		StringBuilder value = new StringBuilder();
		for (char c : host.toCharArray()) {
			value.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
		}
		if (random.nextInt(4) == 0 && value.length() > 0) {
			int at = random.nextInt(value.length());
			value.replace(at, at + 1, PIECES.get(random.nextInt(PIECES.size())));
		}
		if (random.nextInt(4) == 0) {
			value.append('.');
		}
		value.append(PORTS.get(random.nextInt(PORTS.size())));
		if (random.nextInt(4) == 0) {
			// spaces, a tab, an em space, a no-break space, an information separator, a line feed
			value.insert(0, PIECES.get(9 + random.nextInt(6))).append(PIECES.get(9 + random.nextInt(6)));
		}
		if (random.nextInt(20) == 0) {
			value.insert(0, (label(random) + ".").repeat(random.nextInt(40)));
		}
		return value.toString();
	}

	private static String label(Random random) {
		if (random.nextInt(10) == 0) {
			return "a".repeat(62 + random.nextInt(3));
		}
		StringBuilder label = new StringBuilder();
		String letters = "abcdefkisx0123456789-";
		for (int i = 1 + random.nextInt(8); i > 0; i--) {
			label.append(letters.charAt(random.nextInt(letters.length())));
		}
		return label.toString();
	}

	private static String address(Random random) {
		byte[] address = new byte[random.nextBoolean() ? 4 : 16];
		random.nextBytes(address);
		if (random.nextBoolean()) {
			// near the allowed ones: 127.0.0.1, 10.0.0.x, ::1, 2001:db8::7
			address = switch (random.nextInt(4)) {
				case 0 -> new byte[] { 127, 0, 0, 1 };
				case 1 -> new byte[] { 10, 0, 0, (byte) random.nextInt(3) };
				case 2 -> new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
				default -> new byte[] { 0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 };
			};
		}
		String spelled = IpSpellings.spell(address, random);
		if (random.nextInt(8) == 0) {
			spelled += "%" + (random.nextBoolean() ? "eth0" : "25eth0");
		}
		return (spelled.contains(":") && random.nextInt(8) != 0) ? "[" + spelled + "]" : spelled;
	}

	private static String pieces(Random random) {
		StringBuilder value = new StringBuilder();
		for (int i = random.nextInt(8); i >= 0; i--) {
			value.append(random.nextBoolean() ? label(random) : PIECES.get(random.nextInt(PIECES.size())));
		}
		return value.toString();
	}

}
