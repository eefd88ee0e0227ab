package dev.hardening.pagination;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hardening.error.ApiException;
import dev.hardening.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CursorCodecTests {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	private final MutableClock clock = MutableClock.start();

	private final CursorCodec codec = CursorCodec.of(SECRET, this.clock, null);

	@Test
	void roundTripsEveryKeyType() {
		// ten types, in two cursors: a cursor holds at most Cursor.MAX_KEYS (8) keys
		List<Cursor> cursors = List.of(
				new Cursor(Cursor.Direction.PREVIOUS,
						List.of("ünïcode", 42L, 7, true, new BigDecimal("12.50"),
								Instant.parse("2026-11-23T12:00:00.123456789Z"))),
				new Cursor(Cursor.Direction.PREVIOUS,
						List.of(UUID.fromString("0192c8e5-0000-7000-8000-000000000001"), LocalDate.of(2026, 11, 23),
								LocalDateTime.of(2026, 11, 23, 12, 0, 1, 5),
								OffsetDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.ofHours(2)))));

		for (Cursor cursor : cursors) {
			String token = this.codec.encode(cursor, "/events\n-occurredAt");

			assertThat(token).matches("[A-Za-z0-9_-]+");
			assertThat(this.codec.decode(token, "/events\n-occurredAt")).isEqualTo(cursor);
		}
	}

	@Test
	void theLongestCursorIsATokenItAcceptsBack() {
		// MAX_KEYS text keys of MAX_TEXT_BYTES each: 1-, 2-, 3- and 4-byte characters
		List<Object> keys = List.of("a".repeat(512), "é".repeat(256), "€".repeat(170) + "ab", "😀".repeat(128),
				"z".repeat(512), "ü".repeat(256), "中".repeat(170) + "cd", new BigDecimal("9".repeat(510) + ".5"));
		Cursor longest = new Cursor(Cursor.Direction.NEXT, keys);

		String token = this.codec.encode(longest, "scope");

		assertThat(token).hasSize(CursorCodec.MAX_TOKEN_LENGTH);
		assertThat(this.codec.decode(token, "scope")).isEqualTo(longest);
		assertInvalid(token + "A", "scope");
	}

	@Test
	void aCursorRefusesMoreKeysOrLongerTextThanATokenHolds() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)))
			.withMessageContaining("at most 8 keys");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of("a".repeat(513))))
			.withMessageContaining("at most 512 bytes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of("é".repeat(256) + "a")))
			.withMessageContaining("at most 512 bytes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of(new BigDecimal("1".repeat(513)))))
			.withMessageContaining("at most 512 bytes");
	}

	@Test
	void refusesATokenWithAnyByteChanged() {
		String token = this.codec.encode(new Cursor(Cursor.Direction.NEXT, List.of(1234L, "abc")), "scope");
		byte[] bytes = Base64.getUrlDecoder().decode(token);

		for (int i = 0; i < bytes.length; i++) {
			for (int bit = 0; bit < 8; bit++) {
				byte[] tampered = bytes.clone();
				tampered[i] ^= (byte) (1 << bit);
				String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
				assertInvalid(forged, "scope");
			}
		}
	}

	@Test
	void refusesTruncatedEmptyOversizedAndGarbledTokens() {
		String token = this.codec.encode(new Cursor(Cursor.Direction.NEXT, List.of(1234L)), "scope");

		for (int length = 0; length < token.length(); length++) {
			assertInvalid(token.substring(0, length), "scope");
		}
		assertInvalid(token + "A", "scope");
		assertInvalid("not a cursor!", "scope");
		assertInvalid("%%%", "scope");
		assertInvalid("A".repeat(5000), "scope");
	}

	@Test
	void refusesACursorSignedWithAnotherKeyOrForAnotherScope() {
		Cursor cursor = new Cursor(Cursor.Direction.NEXT, List.of(1234L));
		CursorCodec other = CursorCodec.withRandomKey(this.clock, null);

		assertInvalid(other.encode(cursor, "scope"), "scope");
		assertInvalid(this.codec.encode(cursor, "/events\n-occurredAt"), "/events\noccurredAt");
		assertInvalid(this.codec.encode(cursor, "/events\n"), "/projects\n");
	}

	@Test
	void refusesAnExpiredCursorSayingSo() {
		CursorCodec expiring = CursorCodec.of(SECRET, this.clock, Duration.ofMinutes(10));
		String token = expiring.encode(new Cursor(Cursor.Direction.NEXT, List.of(1L)), "scope");
		this.clock.advance(Duration.ofMinutes(9));
		assertThat(expiring.decode(token, "scope").keys()).containsExactly(1L);

		this.clock.advance(Duration.ofMinutes(1));

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> expiring.decode(token, "scope"))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR");
				assertThat(ex.detail()).contains("expired");
			});
	}

	@Test
	void aCodecWithATtlRefusesACursorIssuedWithoutOne() {
		String token = this.codec.encode(new Cursor(Cursor.Direction.NEXT, List.of(1L)), "scope");
		CursorCodec expiring = CursorCodec.of(SECRET, this.clock, Duration.ofMinutes(10));
		this.clock.advance(Duration.ofMinutes(9));
		assertThat(expiring.decode(token, "scope").keys()).containsExactly(1L);

		this.clock.advance(Duration.ofMinutes(1));

		assertExpired(expiring, token);
		assertThat(this.codec.decode(token, "scope").keys()).containsExactly(1L);
	}

	@Test
	void aCodecWithATtlRefusesACursorOlderThanItWhateverTtlItWasIssuedWith() {
		CursorCodec lenient = CursorCodec.of(SECRET, this.clock, Duration.ofDays(1));
		String token = lenient.encode(new Cursor(Cursor.Direction.NEXT, List.of(1L)), "scope");
		CursorCodec strict = CursorCodec.of(SECRET, this.clock, Duration.ofMinutes(10));

		this.clock.advance(Duration.ofMinutes(10));

		assertExpired(strict, token);
		assertThat(lenient.decode(token, "scope").keys()).containsExactly(1L);
	}

	@Test
	void refusesCursorsOfTheFirstFormatWhoseAgeItCannotKnow() throws Exception {
		// version 1: version, direction, expiry (0: never), key count, keys; MAC over scope || 0x00 || payload
		byte[] payload = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 1 };
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
		mac.update("scope".getBytes(StandardCharsets.UTF_8));
		mac.update((byte) 0);
		byte[] signature = Arrays.copyOf(mac.doFinal(payload), 16);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(concat(payload, signature));

		assertInvalid(token, "scope");
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> CursorCodec.of(SECRET, this.clock, Duration.ofMinutes(10)).decode(token, "scope"));
	}

	@Test
	void theMacTellsScopeAndPayloadApartWhereTheyMeet() {
		// under a MAC over scope || 0x00 || payload, ("s\0" + h, p) and ("s", h + 0x00 + p) sign the same bytes;
		// h is the head of a payload whose last key, a string, swallows 0x00 + p
		CursorCodec codec = CursorCodec.of(SECRET, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), null);
		byte[] payload = payload(codec.encode(new Cursor(Cursor.Direction.NEXT, List.of(42L)), "any"));
		int length = payload.length + 1;
		byte[] carrier = payload(codec.encode(new Cursor(Cursor.Direction.NEXT, List.of("a".repeat(length))), "any"));
		byte[] head = Arrays.copyOf(carrier, carrier.length - length);
		for (byte b : concat(head, payload)) {
			assertThat(b).as("ASCII, so that a scope string can hold it").isNotNegative();
		}
		String issuedScope = "s\0" + new String(head, StandardCharsets.US_ASCII);
		String issued = codec.encode(new Cursor(Cursor.Direction.NEXT, List.of(42L)), issuedScope);
		assertThat(codec.decode(issued, issuedScope).keys()).containsExactly(42L);

		byte[] forged = concat(concat(head, new byte[1]), payload);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(concat(forged, mac(issued)));

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> codec.decode(token, "s"))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR"));
	}

	@Test
	void refusesAShortKeyAndKeysItCannotHold() {
		assertThatIllegalArgumentException().isThrownBy(() -> CursorCodec.of(new byte[16], this.clock, null))
			.withMessageContaining("at least 32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of(new Object())));
	}

	private static void assertExpired(CursorCodec codec, String token) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> codec.decode(token, "scope"))
			.satisfies((ex) -> {
				assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR");
				assertThat(ex.detail()).contains("expired");
			});
	}

	private static byte[] payload(String token) {
		byte[] bytes = Base64.getUrlDecoder().decode(token);
		return Arrays.copyOf(bytes, bytes.length - 16);
	}

	private static byte[] mac(String token) {
		byte[] bytes = Base64.getUrlDecoder().decode(token);
		return Arrays.copyOfRange(bytes, bytes.length - 16, bytes.length);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	private void assertInvalid(String token, String scope) {
		assertThatExceptionOfType(ApiException.class).as("token %s", token)
			.isThrownBy(() -> this.codec.decode(token, scope))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR"));
	}

}
