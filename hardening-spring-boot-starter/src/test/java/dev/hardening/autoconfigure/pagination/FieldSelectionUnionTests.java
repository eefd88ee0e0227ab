package dev.hardening.autoconfigure.pagination;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asking for more never gives less: {@code fields=owner} keeps the whole owner, so
 * {@code fields=owner,owner.name} (or {@code fields=owner&fields=owner.name}, or the two in the
 * other order) must keep it whole too, as every field-selection syntax that allows both does
 * (Google's {@code fields}, JSON:API sparse fieldsets, GraphQL). A client that adds a nested path
 * to a list it builds from several screens otherwise loses members it asked for, silently, with
 * a {@code 200}.
 */
class FieldSelectionUnionTests {

	private static final String TREE = "[{\"id\":1,\"owner\":{\"name\":\"a\",\"email\":\"e\",\"address\":{\"city\":\"c\",\"zip\":\"z\"}},"
			+ "\"tags\":[{\"k\":\"x\",\"v\":\"y\"}]},{\"id\":2,\"owner\":null,\"tags\":[]}]";

	private static final List<String> PATHS = List.of("id", "owner", "owner.name", "owner.email", "owner.address",
			"owner.address.city", "owner.address.zip", "tags", "tags.k", "tags.v");

	private final JsonMapper json = JsonMapper.builder().build();

	private JsonNode select(List<String> values) {
		JsonNode tree = this.json.readTree(TREE);
		assertThat(FieldSelection.parse("fields", values).apply(tree)).isEmpty();
		return tree;
	}

	@Test
	void aWholeMemberStaysWholeWhenOneOfItsOwnMembersIsAlsoSelected() {
		String whole = select(List.of("owner")).toString();

		assertThat(select(List.of("owner,owner.name")).toString()).isEqualTo(whole);
		assertThat(select(List.of("owner.name,owner")).toString()).isEqualTo(whole);
		assertThat(select(List.of("owner", "owner.name")).toString()).isEqualTo(whole);
	}

	@Property(tries = 500)
	void selectingMoreKeepsEverythingTheSmallerSelectionKept(@ForAll("paths") List<String> a,
			@ForAll("paths") List<String> b) {
		List<String> both = new ArrayList<>(a);
		both.addAll(b);

		Set<String> kept = leaves(select(List.of(String.join(",", a))));
		Set<String> keptByBoth = leaves(select(List.of(String.join(",", both))));

		assertThat(keptByBoth).as("fields=%s against fields=%s", String.join(",", both), String.join(",", a))
			.containsAll(kept);
	}

	@Provide
	Arbitrary<List<String>> paths() {
		return Arbitraries.of(PATHS).list().ofMinSize(1).ofMaxSize(4);
	}

	private static Set<String> leaves(JsonNode node) {
		Set<String> leaves = new TreeSet<>();
		collect(node, "", leaves);
		return leaves;
	}

	private static void collect(JsonNode node, String at, Set<String> leaves) {
		if (node.isObject()) {
			for (String name : node.propertyNames()) {
				collect(node.get(name), at + "/" + name, leaves);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collect(node.get(i), at + "/" + i, leaves);
			}
		}
		else {
			leaves.add(at + "=" + node);
		}
	}

}
