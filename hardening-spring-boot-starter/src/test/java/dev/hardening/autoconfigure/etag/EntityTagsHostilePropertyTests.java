package dev.hardening.autoconfigure.etag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.hardening.etag.ETag;
import dev.hardening.etag.EntityTags;
import dev.hardening.etag.Precondition;
import dev.hardening.etag.Preconditions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parsers of client input behind {@code If-Match} and {@code If-None-Match} and the dates,
 * fed hostile values: they never throw, read every well-formed list exactly, refuse a list with an
 * unquoted member, and a weak tag never passes {@code If-Match}. These hold on the current code.
 */
class EntityTagsHostilePropertyTests {

	@Property(tries = 1000)
	void anyFieldValueParsesWithoutThrowing(@ForAll("hostile") List<String> lines) {
		EntityTags parsed = EntityTags.parse(lines);

		if (lines.isEmpty()) {
			assertThat(parsed).isNull();
			return;
		}
		assertThat(parsed).isNotNull();
		if (parsed.isMalformed() || parsed.isAny()) {
			assertThat(parsed.tags()).isEmpty();
		}
		for (String method : List.of("GET", "HEAD", "PUT", "PATCH", "DELETE")) {
			Preconditions.evaluate(method, parsed, parsed, null, null, ETag.strong("1"), null, true);
			Preconditions.evaluate(method, parsed, parsed, null, null, null, null, false);
		}
	}

	@Property(tries = 500)
	void aMalformedIfMatchAlwaysFails(@ForAll("hostile") List<String> lines, @ForAll boolean exists) {
		EntityTags parsed = EntityTags.parse(lines);
		if (parsed == null || !parsed.isMalformed()) {
			return;
		}
		for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
			assertThat(Preconditions.evaluate(method, parsed, null, null, null, ETag.strong("1"), null, exists))
				.isEqualTo(Precondition.FAILED);
		}
	}

	@Property(tries = 1000)
	void aWellFormedListIsReadExactly(@ForAll("lists") Written written) {
		EntityTags parsed = EntityTags.parse(written.lines());

		assertThat(parsed).isNotNull();
		assertThat(parsed.isMalformed()).as("%s", written.lines()).isFalse();
		assertThat(parsed.tags()).containsExactlyElementsOf(written.tags());
	}

	@Property(tries = 500)
	void anUnquotedMemberMakesTheListMalformed(@ForAll("lists") Written written,
			@ForAll("tokens") String token) {
		List<String> lines = new ArrayList<>(written.lines());
		lines.set(0, lines.get(0) + ", " + token);

		EntityTags parsed = EntityTags.parse(lines);

		assertThat(parsed).isNotNull();
		assertThat(parsed.isMalformed()).as("%s", lines).isTrue();
	}

	@Property(tries = 500)
	void aWeakTagNeverPassesIfMatch(@ForAll("opaque") String opaque) {
		EntityTags ifMatch = EntityTags.parse(List.of("W/\"" + opaque + "\""));

		for (boolean weakCurrent : new boolean[] { false, true }) {
			assertThat(Preconditions.evaluate("PUT", ifMatch, null, null, null, new ETag(opaque, weakCurrent), null,
					true)).isEqualTo(Precondition.FAILED);
		}
	}

	@Property(tries = 1000)
	void anyDateFieldParsesWithoutThrowing(@ForAll("hostile") List<String> lines) {
		Instant date = Preconditions.parseDate(lines);

		if (lines.size() != 1) {
			assertThat(date).as("a date field that repeats is ignored").isNull();
		}
	}

	record Written(List<String> lines, List<ETag> tags) {
	}

	@Provide
	Arbitrary<String> opaque() {
		return Arbitraries.strings()
			.withChars((char) 0x21)
			.withCharRange((char) 0x23, (char) 0x7E)
			.withCharRange((char) 0x80, (char) 0xFF)
			.ofMinLength(0)
			.ofMaxLength(20);
	}

	@Provide
	Arbitrary<String> tokens() {
		return Arbitraries.of("junk", "1", "W/", "W/1", "w/\"1\"", "\"1", "1\"", "W/ \"1\"", "*\"1\"", "\"a\"\"b\"");
	}

	@Provide
	Arbitrary<Written> lists() {
		Arbitrary<ETag> tag = Combinators.combine(opaque(), Arbitraries.of(true, false)).as(ETag::new);
		Arbitrary<String> separator = Arbitraries.of(",", ", ", " ,", ",,", " , , ", ",\t", "\t,\t");
		Arbitrary<List<ETag>> line = tag.list().ofMinSize(1).ofMaxSize(6);
		return Combinators.combine(line.list().ofMinSize(1).ofMaxSize(3), separator.list().ofSize(40),
				Arbitraries.of("", " ", ", ", "\t,")).as((groups, seps, edge) -> {
					List<String> lines = new ArrayList<>();
					List<ETag> all = new ArrayList<>();
					int s = 0;
					for (List<ETag> group : groups) {
						StringBuilder text = new StringBuilder(edge);
						for (int i = 0; i < group.size(); i++) {
							if (i > 0) {
								text.append(seps.get(s++ % seps.size()));
							}
							text.append(group.get(i).format());
							all.add(group.get(i));
						}
						lines.add(text.append(edge).toString());
					}
					return new Written(lines, all);
				});
	}

	@Provide
	Arbitrary<List<String>> hostile() {
		Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of("*", "W/", "\"", ",", " ", "\t", "\"1\"", "W/\"1\"",
				"\u0000", "\u0001", "\u007f", "\u00e9", "\u20ac", "%22", "GMT", "Sun, 06 Nov 1994 08:49:37 GMT",
				"Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "99", ":", "-"),
				Arbitraries.strings().ofMaxLength(8));
		Arbitrary<String> line = piece.list().ofMaxSize(12).map((parts) -> String.join("", parts));
		return line.list().ofMaxSize(3);
	}

}
