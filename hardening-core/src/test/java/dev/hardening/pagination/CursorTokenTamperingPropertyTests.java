package dev.hardening.pagination;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hardening.error.ApiException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Cursor tokens as an outsider rewrites them: cut short, respelled in the standard base64
 * alphabet, padded, spaced, replayed on another listing or sort, or issued under another key.
 * Each is either the very cursor that was issued (a lenient spelling of the same bytes) or
 * {@code INVALID_CURSOR}; never another cursor, never another exception.
 */
class CursorTokenTamperingPropertyTests {

	private static final byte[] SECRET = "attacker attacker attacker attacker".getBytes(StandardCharsets.UTF_8);

	private final CursorCodec codec = CursorCodec.of(SECRET, java.time.Clock.systemUTC(), null);

	private static void assertInvalid(Runnable decode) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(decode::run)
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR"));
	}

	private void assertSameOrInvalid(String token, String scope, Cursor issued) {
		Cursor decoded;
		try {
			decoded = this.codec.decode(token, scope);
		}
		catch (ApiException ex) {
			assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR");
			return;
		}
		assertThat(decoded).isEqualTo(issued);
	}

	@Property(tries = 300)
	void aTokenCutShortAtAnyLengthIsInvalid(@ForAll("keys") List<Object> keys, @ForAll @IntRange(max = 400) int cut) {
		Cursor cursor = new Cursor(Cursor.Direction.NEXT, keys);
		String token = this.codec.encode(cursor, "/events\nid");
		String shorter = token.substring(0, cut % token.length());

		assertInvalid(() -> this.codec.decode(shorter, "/events\nid"));
	}

	@Property(tries = 300)
	void respellingsOfATokenAreTheSameCursorOrInvalid(@ForAll("keys") List<Object> keys,
			@ForAll @StringLength(max = 3) String padding, @ForAll @IntRange(max = 400) int at) {
		Cursor cursor = new Cursor(Cursor.Direction.PREVIOUS, keys);
		String token = this.codec.encode(cursor, "/events\nid");
		int index = at % token.length();

		assertSameOrInvalid(token.replace('-', '+').replace('_', '/'), "/events\nid", cursor);
		assertSameOrInvalid(token + "=".repeat(padding.length()), "/events\nid", cursor);
		assertSameOrInvalid(token.substring(0, index) + " " + token.substring(index), "/events\nid", cursor);
		assertSameOrInvalid(token.substring(0, index) + "=" + token.substring(index), "/events\nid", cursor);
		assertSameOrInvalid(token.substring(0, index) + "\r\n" + token.substring(index), "/events\nid", cursor);
		assertSameOrInvalid(token.toUpperCase(), "/events\nid", cursor);
		assertSameOrInvalid(token + token, "/events\nid", cursor);
	}

	@Property(tries = 500)
	void aTokenIsRefusedInAnyOtherScope(@ForAll("keys") List<Object> keys, @ForAll("scopes") String issuedFor,
			@ForAll("scopes") String usedFor) {
		String token = this.codec.encode(new Cursor(Cursor.Direction.NEXT, keys), issuedFor);

		if (issuedFor.equals(usedFor)) {
			assertThat(this.codec.decode(token, usedFor).keys()).isEqualTo(keys);
		}
		else {
			assertInvalid(() -> this.codec.decode(token, usedFor));
		}
	}

	@Property(tries = 200)
	void aTokenSignedWithAnotherKeyIsInvalid(@ForAll("keys") List<Object> keys) {
		CursorCodec other = CursorCodec.withRandomKey(java.time.Clock.systemUTC(), null);
		String token = other.encode(new Cursor(Cursor.Direction.NEXT, keys), "/events\nid");

		assertInvalid(() -> this.codec.decode(token, "/events\nid"));
	}

	@Provide
	Arbitrary<String> scopes() {
		Arbitrary<String> path = Arbitraries.of("/events", "/events/", "/Events", "/events;x", "/events%2F", "/archive",
				"/events\nid", "");
		Arbitrary<String> sort = Arbitraries.of("", "id", "-id", " id", "id,", "type,-id", "\n", "id\n");
		return net.jqwik.api.Combinators.combine(path, sort).as((p, s) -> p + '\n' + s);
	}

	@Provide
	Arbitrary<List<Object>> keys() {
		Arbitrary<Object> key = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40).map(Object.class::cast),
				Arbitraries.longs().map(Object.class::cast), Arbitraries.integers().map(Object.class::cast),
				Arbitraries.of(true, false).map(Object.class::cast),
				Arbitraries.longs().between(-31_000_000_000L, 31_000_000_000L)
					.map((s) -> (Object) java.time.Instant.ofEpochSecond(s)));
		return key.list().ofMinSize(1).ofMaxSize(4);
	}

}
