package dev.hardening.etag;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ETagTests {

	@Test
	void parsesAndFormatsStrongAndWeakTags() {
		assertThat(ETag.parse("\"xyzzy\"")).contains(ETag.strong("xyzzy"));
		assertThat(ETag.parse(" W/\"xyzzy\" ")).contains(ETag.weak("xyzzy"));
		assertThat(ETag.parse("\"\"")).contains(ETag.strong(""));
		assertThat(ETag.strong("a").format()).isEqualTo("\"a\"");
		assertThat(ETag.weak("a").format()).isEqualTo("W/\"a\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "xyzzy", "\"xy\"zy\"", "w/\"x\"", "W/xyzzy", "\"x", "\"x y\"", "\"x\u0001\"", "" })
	void refusesWhatIsNotAnEntityTag(String text) {
		assertThat(ETag.parse(text)).isEmpty();
	}

	@Test
	void comparesStronglyAndWeaklyAsRfc9110Section8833Shows() {
		// the table of RFC 9110 §8.8.3.2
		assertThat(ETag.weak("1").strongMatches(ETag.weak("1"))).isFalse();
		assertThat(ETag.weak("1").weakMatches(ETag.weak("1"))).isTrue();
		assertThat(ETag.weak("1").strongMatches(ETag.weak("2"))).isFalse();
		assertThat(ETag.weak("1").weakMatches(ETag.weak("2"))).isFalse();
		assertThat(ETag.weak("1").strongMatches(ETag.strong("1"))).isFalse();
		assertThat(ETag.weak("1").weakMatches(ETag.strong("1"))).isTrue();
		assertThat(ETag.strong("1").strongMatches(ETag.strong("1"))).isTrue();
		assertThat(ETag.strong("1").weakMatches(ETag.strong("1"))).isTrue();
	}

	@Test
	void makesTagsOfVersionsAndHashesUnsafeOnes() {
		assertThat(ETag.ofVersion(42L)).isEqualTo(ETag.strong("42"));
		assertThat(ETag.ofVersion("2026-11-23T12:00:00Z")).isEqualTo(ETag.strong("2026-11-23T12:00:00Z"));
		ETag hashed = ETag.ofVersion("has \"quotes\" and spaces");
		assertThat(hashed.weak()).isFalse();
		assertThat(hashed.tag()).matches("[A-Za-z0-9_-]{14}");
		assertThat(ETag.ofVersion("has \"quotes\" and spaces")).isEqualTo(hashed);
	}

	@Test
	void refusesToBuildATagWithAQuote() {
		assertThatIllegalArgumentException().isThrownBy(() -> ETag.strong("a\"b"));
	}

	@Test
	void parsesFieldListsToleratingWhitespaceAndStrictOtherwise() {
		assertThat(EntityTags.parse(List.of()))
			.isNull();
		assertThat(EntityTags.parse(List.of("*")).isAny()).isTrue();
		assertThat(EntityTags.parse(List.of(" \"a\" ,W/\"b\",, \"c\"")).tags()).containsExactly(ETag.strong("a"),
				ETag.weak("b"), ETag.strong("c"));
		assertThat(EntityTags.parse(List.of("\"a\"", "\"b\"")).tags()).hasSize(2);
		assertThat(EntityTags.parse(List.of("\"a\" junk")).isMalformed()).isTrue();
		assertThat(EntityTags.parse(List.of("a")).isMalformed()).isTrue();
		assertThat(EntityTags.parse(List.of("*, \"a\"")).isMalformed()).isTrue();
		assertThat(EntityTags.parse(List.of("\"unterminated")).isMalformed()).isTrue();
		assertThat(EntityTags.parse(List.of("\"a\"\"b\"")).isMalformed()).isTrue();
		assertThat(EntityTags.parse(List.of(",")).isMalformed()).isTrue();
	}

	@Test
	void hashesBodiesStablyAndTellsVersionsApart() {
		BodyHasher one = BodyHasher.create();
		BodyHasher again = BodyHasher.create();
		BodyHasher other = BodyHasher.create();
		byte[] body = "{\"id\":1,\"name\":\"Apollo\"}".getBytes();
		one.update(body, 0, body.length);
		again.update(body, 0, 10);
		again.update(body, 10, body.length - 10);
		byte[] changed = "{\"id\":1,\"name\":\"Apollp\"}".getBytes();
		other.update(changed, 0, changed.length);

		assertThat(one.finish()).isEqualTo(again.finish()).isNotEqualTo(other.finish());
	}

}
