package dev.hardening.autoconfigure.pagination;

import java.util.List;

import dev.hardening.error.ApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FieldSelectionTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void keepsSelectedMembersAtEveryDepthAndReportsTheMissingOnes() {
		JsonNode tree = this.json.readTree(
				"[{\"id\":1,\"owner\":{\"name\":\"a\",\"email\":\"e\"},\"tags\":[\"x\"]},{\"id\":2,\"owner\":null,\"tags\":[]}]");

		List<String> unknown = FieldSelection.parse("fields", List.of("id,owner.name", "colour,owner.phone")).apply(tree);

		assertThat(tree.toString()).isEqualTo("[{\"id\":1,\"owner\":{\"name\":\"a\"}},{\"id\":2,\"owner\":null}]");
		assertThat(unknown).containsExactly("owner.phone", "colour");
		assertThat(FieldSelection.parse("fields", List.of("id.value")).apply(this.json.readTree("{\"id\":1}")))
			.containsExactly("id.value");
	}

	@Test
	void aMemberSelectedWholeKeepsItsMembersButAMissingOneUnderItIsStillUnknown() {
		JsonNode tree = this.json.readTree("{\"id\":1,\"owner\":{\"name\":\"a\",\"email\":\"e\"}}");

		List<String> unknown = FieldSelection.parse("fields", List.of("owner.colour,owner")).apply(tree);

		assertThat(tree.toString()).isEqualTo("{\"owner\":{\"name\":\"a\",\"email\":\"e\"}}");
		assertThat(unknown).containsExactly("owner.colour");
	}

	@Test
	void anEmptyListHasNoUnknownFields() {
		assertThat(FieldSelection.parse("fields", List.of("anything")).apply(this.json.readTree("[]"))).isEmpty();
	}

	@Test
	void refusesMalformedSelections() {
		for (String value : new String[] { "", "a,,b", "a..b", "a.", "<x>", "a b", "x".repeat(65),
				"a.b.c.d.e.f.g.h.i" }) {
			assertThatExceptionOfType(ApiException.class).as(value)
				.isThrownBy(() -> FieldSelection.parse("fields", List.of(value)))
				.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_PARAMETER"));
		}
	}

	@Property(tries = 2000)
	void anySelectionParsesOrIsAnInvalidParameterAndNeverAddsAMember(@ForAll("selections") String value) {
		JsonNode tree = this.json.readTree("[{\"id\":1,\"owner\":{\"name\":\"a\"},\"tags\":[\"x\"]},{\"id\":2,\"owner\":null}]");
		String before = tree.toString();
		FieldSelection selection;
		try {
			selection = FieldSelection.parse("fields", List.of(value));
		}
		catch (ApiException ex) {
			assertThat(ex.errorCode().code()).isEqualTo("INVALID_PARAMETER");
			return;
		}

		selection.apply(tree);

		for (String member : new String[] { "id", "owner", "name", "tags", "x", "a" }) {
			if (!before.contains(member)) {
				assertThat(tree.toString()).doesNotContain(member);
			}
		}
		assertThat(tree.toString().length()).isLessThanOrEqualTo(before.length());
	}

	@Provide
	Arbitrary<String> selections() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
				Arbitraries.strings().withChars("idownerametgs.,_$@- ").ofMaxLength(40));
	}

}
