package dev.hardening.pagination;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.hardening.error.ApiException;
import dev.hardening.test.MutableClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Whatever a client sends as a cursor, the codec answers with a cursor of the scope or a
 * {@code 400} {@code INVALID_CURSOR}, never another failure.
 */
class CursorCodecPropertiesTests {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	private final CursorCodec codec = CursorCodec.of(SECRET, MutableClock.start(), null);

	@Property(tries = 2000)
	void anyStringIsACursorOrAnInvalidCursorProblem(@ForAll String token) {
		assertDecodesOrIsInvalid(token);
	}

	@Property(tries = 2000)
	void anyBase64UrlTextIsACursorOrAnInvalidCursorProblem(@ForAll("base64url") String token) {
		assertDecodesOrIsInvalid(token);
	}

	@Property(tries = 500)
	void roundTripsAndRefusesEveryChangedBit(@ForAll("keys") List<Object> keys, @ForAll boolean previous,
			@ForAll @IntRange(min = 0, max = 10_000) int bit) {
		Cursor cursor = new Cursor(previous ? Cursor.Direction.PREVIOUS : Cursor.Direction.NEXT, keys);
		String token = this.codec.encode(cursor, "/events\n-occurredAt");
		assertThat(this.codec.decode(token, "/events\n-occurredAt")).isEqualTo(cursor);

		byte[] bytes = Base64.getUrlDecoder().decode(token);
		int flipped = bit % (bytes.length * 8);
		bytes[flipped / 8] ^= (byte) (1 << (flipped % 8));
		String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.codec.decode(tampered, "/events\n-occurredAt"))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR"));
	}

	@Provide
	Arbitrary<String> base64url() {
		return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
			.ofMinLength(0)
			.ofMaxLength(200);
	}

	@Provide
	Arbitrary<List<Object>> keys() {
		Arbitrary<Object> key = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60).map(Object.class::cast),
				Arbitraries.longs().map(Object.class::cast), Arbitraries.integers().map(Object.class::cast),
				Arbitraries.of(true, false).map(Object.class::cast));
		return key.list().ofMinSize(1).ofMaxSize(4);
	}

	private void assertDecodesOrIsInvalid(String token) {
		try {
			assertThat(this.codec.decode(token, "scope")).isNotNull();
		}
		catch (ApiException ex) {
			assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR");
		}
	}

}
