package dev.hardening.etag;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.From;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code If-Match} and {@code If-None-Match} as clients send them: any text is parsed without an
 * exception into "absent", {@code *}, a list of tags, or malformed; and every list of valid tags,
 * however spaced and split over lines, reads back as itself.
 */
class EntityTagsPropertyTests {

	@Property(tries = 500)
	void anyFieldIsAbsentAnyATagListOrMalformedAndNeverAnException(
			@ForAll @Size(max = 3) List<@From("fieldLines") String> lines) {
		EntityTags field = EntityTags.parse(lines);

		if (lines.isEmpty()) {
			assertThat(field).isNull();
			return;
		}
		assertThat(field).isNotNull();
		int kinds = (field.isAny() ? 1 : 0) + (field.isMalformed() ? 1 : 0) + (field.tags().isEmpty() ? 0 : 1);
		assertThat(kinds).as("exactly one of *, malformed, tags for %s", lines).isEqualTo(1);
	}

	@Property(tries = 500)
	void everyListOfValidTagsReadsBackAsItselfHoweverItIsSpacedAndSplit(
			@ForAll @Size(min = 1, max = 6) List<@From("tags") ETag> tags, @ForAll("spaces") String space,
			@ForAll("splits") int splitEvery) {
		List<String> lines = new ArrayList<>();
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < tags.size(); i++) {
			if (i > 0 && i % splitEvery == 0) {
				lines.add(line.toString());
				line.setLength(0);
			}
			else if (i > 0) {
				line.append(space).append(',').append(space);
			}
			line.append(tags.get(i).format());
		}
		lines.add(space + line + space);

		EntityTags field = EntityTags.parse(lines);

		assertThat(field).isNotNull();
		assertThat(field.isMalformed()).as("%s", lines).isFalse();
		assertThat(field.tags()).isEqualTo(tags);
	}

	@Property(tries = 300)
	void aTagFollowedByAnythingButASeparatorMakesTheFieldMalformed(@ForAll("tags") ETag tag,
			@ForAll("junk") char junk) {
		EntityTags field = EntityTags.parse(List.of(tag.format() + junk + ", \"ok\""));

		assertThat(field).isNotNull();
		assertThat(field.isMalformed()).isTrue();
	}

	@Provide
	Arbitrary<ETag> tags() {
		Arbitrary<String> opaque = Arbitraries.strings()
			.withChars((char) 0x21)
			.withCharRange((char) 0x23, (char) 0x7e)
			.withCharRange((char) 0x80, (char) 0xff)
			.ofMaxLength(20);
		return Combinators.combine(opaque, Arbitraries.of(true, false)).as(ETag::new);
	}

	@Provide
	Arbitrary<String> fieldLines() {
		Arbitrary<String> pieces = Arbitraries.oneOf(tags().map(ETag::format), Arbitraries.of("*", ",", " ", "\t", "W/",
				"\"", "W/\"", "w/\"a\"", "\"\"", "\u0000", "\r\n", "\u00ff", "junk"), Arbitraries.strings().ofMaxLength(5));
		return pieces.list().ofMaxSize(8).map((list) -> String.join("", list));
	}

	@Provide
	Arbitrary<String> spaces() {
		return Arbitraries.of("", " ", "\t", "  ", " \t");
	}

	@Provide
	Arbitrary<Integer> splits() {
		return Arbitraries.integers().between(1, 7);
	}

	@Provide
	Arbitrary<Character> junk() {
		return Arbitraries.chars().filter((c) -> c != ',' && c != ' ' && c != '\t');
	}

}
