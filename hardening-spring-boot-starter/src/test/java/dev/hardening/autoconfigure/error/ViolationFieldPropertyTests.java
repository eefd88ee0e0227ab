package dev.hardening.autoconfigure.error;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A field path named in a problem, made of the client's map keys and property names: at most
 * {@value Violations#MAX_FIELD_LENGTH} characters of it, then {@code ...}; never half a surrogate
 * pair at the cut; a path within the bound unchanged.
 */
class ViolationFieldPropertyTests {

	@Property(tries = 3000)
	void aFieldPathIsBoundedAndCutBetweenCharacters(@ForAll @StringLength(max = 1000) String path) {
		String field = Violations.field(path);

		if (path.length() <= Violations.MAX_FIELD_LENGTH) {
			assertThat(field).isEqualTo(path);
			return;
		}
		assertThat(field).endsWith("...");
		String kept = field.substring(0, field.length() - 3);
		assertThat(path).startsWith(kept);
		assertThat(kept.length()).isBetween(Violations.MAX_FIELD_LENGTH - 1, Violations.MAX_FIELD_LENGTH);
		if (kept.length() == Violations.MAX_FIELD_LENGTH - 1) {
			// shortened by one only to keep a pair whole
			assertThat(Character.isHighSurrogate(path.charAt(kept.length()))).isTrue();
		}
		assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))
				&& Character.isLowSurrogate(path.charAt(kept.length()))).isFalse();
	}

}
