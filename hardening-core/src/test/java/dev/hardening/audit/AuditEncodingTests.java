package dev.hardening.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import dev.hardening.audit.AuditEvent.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes an event's link covers: distinct events never encode alike, whatever their texts hold
 * (separators, control characters, empty strings, absent fields); the stored form of the details
 * reads back as written; a user agent is kept without anything that could break a line.
 */
class AuditEncodingTests {

	@Property(tries = 500)
	void distinctEventsEncodeDifferently(@ForAll("events") AuditEvent one, @ForAll("events") AuditEvent other) {
		if (!one.equals(other)) {
			assertThat(Arrays.equals(AuditEncoding.of(one), AuditEncoding.of(other))).isFalse();
		}
		else {
			assertThat(AuditEncoding.of(one)).isEqualTo(AuditEncoding.of(other));
		}
	}

	@Property(tries = 300)
	void movingTextFromOneFieldToTheNextChangesTheEncoding(@ForAll("texts") String a, @ForAll("texts") String b) {
		AuditEvent split = event(a + b, null);
		AuditEvent moved = event(a, b);
		assertThat(Arrays.equals(AuditEncoding.of(split), AuditEncoding.of(moved))).isFalse();
	}

	@Property(tries = 300)
	void storedDetailsReadBackAsWritten(@ForAll("details") Map<String, String> details) {
		assertThat(JdbcAuditLog.decodeDetails(JdbcAuditLog.encodeDetails(details))).isEqualTo(details);
	}

	@Property(tries = 300)
	void aUserAgentIsKeptBoundedAndOnOneLine(@ForAll("headers") String header) {
		String kept = AuditEvent.userAgentOf(header);
		assertThat(kept).doesNotContain("\r", "\n", "\u0085", "\u2028", "\u2029");
		// accepted by an event as it is, and so stored and read back unchanged
		AuditEvent event = new AuditEvent(Instant.EPOCH, "project.update", "project", "x", Outcome.SUCCESS, null, null,
				null, kept, null, null, Map.of());
		assertThat(event.userAgent()).isEqualTo(kept);
	}

	@Property(tries = 100)
	void anUnpairedSurrogateIsRefused(@ForAll("texts") String before, @ForAll("texts") String after) {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> event(before + '\uD800' + after, null));
	}

	/** Header values as Tomcat gives them: ISO-8859-1, every byte a character. */
	@Provide
	Arbitrary<String> headers() {
		return Arbitraries.strings().withCharRange('\u0000', '\u00FF').ofMaxLength(400);
	}

	/** Well-formed text of any characters: surrogates only in pairs. */
	@Provide
	Arbitrary<String> texts() {
		return Arbitraries.strings()
			.withCharRange('\u0000', '\uD7FF')
			.withCharRange('\uE000', '\uFFFF')
			.withChars("\uD83D\uDE00")
			.ofMaxLength(12)
			.filter((text) -> text.codePoints().noneMatch((c) -> c >= 0xD800 && c <= 0xDFFF));
	}

	@Provide
	Arbitrary<Map<String, String>> details() {
		return Arbitraries.maps(texts(), texts()).ofMaxSize(4);
	}

	@Provide
	Arbitrary<AuditEvent> events() {
		Arbitrary<String> small = Arbitraries.of("a", "b", "a=b", "&", "");
		Arbitrary<String> optional = small.injectNull(0.3);
		return Combinators
			.combine(Arbitraries.of("x.update", "x.delete", "x"), optional, optional, optional, optional,
					Arbitraries.of(Outcome.SUCCESS, Outcome.FAILURE), Arbitraries.maps(Arbitraries.of("k", "l"), small).ofMaxSize(2),
					Arbitraries.longs().between(0, 2))
			.as((action, id, principal, address, requestId, outcome, details, second) -> new AuditEvent(
					Instant.ofEpochSecond(1_800_000_000L + second), action, "project", id, outcome,
					(outcome == Outcome.FAILURE) ? "CONFLICT" : null, principal, address, null, requestId, null, details));
	}

	private static AuditEvent event(String resourceId, String principal) {
		return new AuditEvent(Instant.EPOCH, "project.update", "project", resourceId, Outcome.SUCCESS, null, principal, null,
				null, null, null, Map.of());
	}

}
