package dev.hardening.pagination;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

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
		Cursor cursor = new Cursor(Cursor.Direction.PREVIOUS,
				List.of("ünïcode", 42L, 7, true, new BigDecimal("12.50"), Instant.parse("2026-11-23T12:00:00.123456789Z"),
						UUID.fromString("0192c8e5-0000-7000-8000-000000000001"), LocalDate.of(2026, 11, 23),
						LocalDateTime.of(2026, 11, 23, 12, 0, 1, 5), OffsetDateTime.of(2026, 11, 23, 12, 0, 0, 0,
								ZoneOffset.ofHours(2))));

		String token = this.codec.encode(cursor, "/events\n-occurredAt");

		assertThat(token).matches("[A-Za-z0-9_-]+");
		assertThat(this.codec.decode(token, "/events\n-occurredAt")).isEqualTo(cursor);
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
	void refusesAShortKeyAndKeysItCannotHold() {
		assertThatIllegalArgumentException().isThrownBy(() -> CursorCodec.of(new byte[16], this.clock, null))
			.withMessageContaining("at least 32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new Cursor(Cursor.Direction.NEXT, List.of(new Object())));
	}

	private void assertInvalid(String token, String scope) {
		assertThatExceptionOfType(ApiException.class).as("token %s", token)
			.isThrownBy(() -> this.codec.decode(token, scope))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR"));
	}

}
