package dev.hardening.autoconfigure.pagination;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.hardening.error.ApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The {@code fields} parser at its documented limits (64 characters a name, 8 levels, 64 fields,
 * names of letters, digits and {@code _ $ @ -}), with the values Tomcat hands it after decoding:
 * escapes and encodings arrive as the characters they stand for, and are refused as such.
 */
class FieldSelectionParserAttackTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private static void assertInvalid(List<String> values) {
		assertThatExceptionOfType(ApiException.class).as("%s", values)
			.isThrownBy(() -> FieldSelection.parse("fields", values))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).isEqualTo("INVALID_PARAMETER");
				assertThat(ex.getMessage()).doesNotContain("attacker");
			});
	}

	@Test
	void eachLimitHoldsExactlyAtItsBound() {
		String name64 = "a".repeat(64);
		assertThatNoException().isThrownBy(() -> FieldSelection.parse("fields", List.of(name64)));
		assertInvalid(List.of("a".repeat(65)));

		assertThatNoException().isThrownBy(() -> FieldSelection.parse("fields", List.of("a.b.c.d.e.f.g.h")));
		assertInvalid(List.of("a.b.c.d.e.f.g.h.i"));

		List<String> sixtyFour = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			sixtyFour.add("f" + i);
		}
		assertThatNoException().isThrownBy(() -> FieldSelection.parse("fields", List.of(String.join(",", sixtyFour))));
		List<String> sixtyFive = new ArrayList<>(sixtyFour);
		sixtyFive.add("f64");
		assertInvalid(List.of(String.join(",", sixtyFive)));
		// the limit counts fields over every repetition of the parameter, duplicates included
		assertInvalid(sixtyFive);
		assertInvalid(Collections.nCopies(65, "id"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\\.b", "a\\,b", "a%2Cb", "a%2eb", "a+b", "a b", "a\tb", "a\u0000b", "a\nb", "a\"b",
			"a'b", "a/b", "a[0]", "a*", "*", "a(b)", "\u00e9t\u00e9", "\u0430", "a\u200bb", "attacker<script>", "a;b",
			"a:b", "a=b", "a&b", "a#b", "~", "a..b", ".a", "a.", ",", "", " ", "a,,b", "a,", ",a" })
	void escapesEncodingsAndSeparatorsAreRefused(String value) {
		assertInvalid(List.of(value));
	}

	@Test
	void whitespaceAroundANameIsNotPartOfIt() {
		JsonNode tree = this.json.readTree("{\"id\":1,\"name\":\"n\",\"size\":2}");
		assertThat(FieldSelection.parse("fields", List.of(" id ,\tname")).apply(tree)).isEmpty();
		assertThat(tree.toString()).isEqualTo("{\"id\":1,\"name\":\"n\"}");
	}

	@Property(tries = 1000)
	void aSelectionIsTheSameWhateverTheOrderOrSplitOfItsFields(@ForAll("paths") List<String> paths,
			@ForAll @IntRange(min = 0, max = 4) int split) {
		JsonNode first = this.json.readTree(TREE);
		JsonNode second = this.json.readTree(TREE);
		List<String> reversed = new ArrayList<>(paths);
		Collections.reverse(reversed);
		int at = Math.min(split, reversed.size());
		List<String> values = new ArrayList<>();
		values.add(String.join(",", reversed.subList(0, at)));
		values.add(String.join(",", reversed.subList(at, reversed.size())));
		values.removeIf(String::isEmpty);

		List<String> unknownFirst = FieldSelection.parse("fields", List.of(String.join(",", paths))).apply(first);
		List<String> unknownSecond = FieldSelection.parse("fields", values).apply(second);

		assertThat(second).isEqualTo(first);
		assertThat(new java.util.TreeSet<>(unknownSecond)).isEqualTo(new java.util.TreeSet<>(unknownFirst));
	}

	@Property(tries = 1000)
	void applyingASelectionTwiceChangesNothingMore(@ForAll("paths") List<String> paths) {
		JsonNode tree = this.json.readTree(TREE);
		FieldSelection selection = FieldSelection.parse("fields", List.of(String.join(",", paths)));
		selection.apply(tree);
		String once = tree.toString();

		selection.apply(tree);

		assertThat(tree.toString()).isEqualTo(once);
	}

	@Property(tries = 1000)
	void everyUnknownFieldReportedIsOneThatWasAskedFor(@ForAll("paths") List<String> paths) {
		List<String> unknown = FieldSelection.parse("fields", List.of(String.join(",", paths)))
			.apply(this.json.readTree(TREE));

		assertThat(paths).containsAll(unknown);
		// and every path the tree has somewhere is never reported
		assertThat(unknown).doesNotContain("id", "owner", "owner.name", "tags", "tags.k");
	}

	private static final String TREE = "[{\"id\":1,\"owner\":{\"name\":\"a\",\"email\":\"e\"},\"tags\":[{\"k\":\"x\"}]},"
			+ "{\"id\":2,\"owner\":null,\"tags\":[]},{\"id\":3,\"owner\":{\"name\":\"b\",\"email\":null},\"tags\":[{\"k\":\"y\"}]}]";

	@Provide
	Arbitrary<List<String>> paths() {
		return Arbitraries.of("id", "owner", "owner.name", "owner.email", "owner.phone", "tags", "tags.k", "tags.q",
				"colour", "id.value", "owner.name.first").list().uniqueElements().ofMinSize(1).ofMaxSize(5);
	}

}
