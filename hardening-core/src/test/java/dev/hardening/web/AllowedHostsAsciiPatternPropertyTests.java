package dev.hardening.web;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ASCII pattern of allowed hosts is read without the JDK's {@code IDN} (whose Unicode tables
 * cost a start some 25 ms) and must read exactly as it did through it: the same host, or refused
 * alike, for every ASCII text, in particular labels at and past 63 characters, empty labels,
 * trailing dots, {@code xn--} labels, case and characters a host name may not hold.
 */
class AllowedHostsAsciiPatternPropertyTests {

	@Property(tries = 5000)
	void anAsciiPatternReadsAsItDidThroughIdn(@ForAll("asciiPatterns") String pattern) {
		assertThat(AllowedHosts.asciiPattern(pattern)).as(pattern).isEqualTo(AllowedHosts.internationalPattern(pattern));
	}

	@Property(tries = 1000)
	void anyPrintableAsciiTextReadsAsItDidThroughIdn(@ForAll("printable") String pattern) {
		assertThat(AllowedHosts.asciiPattern(pattern)).as(pattern).isEqualTo(AllowedHosts.internationalPattern(pattern));
	}

	@Example
	void aNonAsciiPatternStillGoesThroughIdn() {
		assertThat(AllowedHosts.of(java.util.List.of("bücher.example")).allows("xn--bcher-kva.example")).isTrue();
		assertThat(AllowedHosts.of(java.util.List.of("Localhost.")).allows("localhost")).isTrue();
	}

	@Provide
	Arbitrary<String> asciiPatterns() {
		Arbitrary<String> label = Arbitraries.oneOf(Arbitraries.strings().withChars("abcXYZ019-_").ofMinLength(0).ofMaxLength(5),
				Arbitraries.strings().withChars("ab-").ofMinLength(60).ofMaxLength(66), Arbitraries.of("xn--bcher-kva",
						"xn--", "localhost", "0x7F", "0X7f", "255", "256", "1", "-a", "a-"));
		return label.list().ofMinSize(1).ofMaxSize(6).map((labels) -> String.join(".", labels))
			.flatMap((name) -> Arbitraries.of(name, name + ".", name + "..", "." + name));
	}

	@Provide
	Arbitrary<String> printable() {
		return Arbitraries.strings().ascii().ofMinLength(0).ofMaxLength(40);
	}

}
