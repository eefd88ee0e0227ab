package dev.hardening.pagination;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@link Cursor}s into opaque strings clients cannot forge, and back. A token is the
 * cursor in a small versioned binary form with the time it was issued, then an HMAC-SHA256
 * (128 bits) over the scope it was issued for (the listing and its sort) and the cursor, each
 * prefixed by its length, all in unpadded base64url. A token that was altered in any byte, cut
 * short, signed with another key, issued for another scope, or, when the codec has a TTL, issued
 * longer ago than that TTL, is refused with a {@code 400} problem {@code INVALID_CURSOR}.
 * Tokens of the first format (version 1, which carried an expiry instead of an issue time and
 * signed scope and cursor without lengths) are refused: their age cannot be known. Thread-safe.
 */
public final class CursorCodec {

	/** Version 2: issue time instead of expiry, length-prefixed MAC input. */
	private static final byte VERSION = 2;

	/** Version, direction, issue time, key count. */
	private static final int HEADER_LENGTH = 11;

	private static final int MAC_LENGTH = 16;

	/**
	 * The longest key as written: a text key (type, length, {@link Cursor#MAX_TEXT_BYTES}); the
	 * others are at most 17 bytes.
	 */
	private static final int MAX_KEY_LENGTH = 1 + 2 + Cursor.MAX_TEXT_BYTES;

	/**
	 * Longer tokens are refused before any work. It is the length of the longest token this
	 * codec issues ({@link Cursor#MAX_KEYS} keys of the longest kind, in unpadded base64), so
	 * that every token it issues is one it accepts back: 5530 characters.
	 */
	static final int MAX_TOKEN_LENGTH = ((HEADER_LENGTH + Cursor.MAX_KEYS * MAX_KEY_LENGTH + MAC_LENGTH) * 4 + 2) / 3;

	private final SecretKeySpec key;

	private final Clock clock;

	/** The TTL in milliseconds, or {@code Long.MAX_VALUE} for none. */
	private final long ttlMillis;

	private final ThreadLocal<Mac> macs;

	private CursorCodec(byte[] secret, Clock clock, @Nullable Duration ttl) {
		this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
		this.clock = clock;
		this.ttlMillis = (ttl != null) ? saturatedMillis(ttl) : Long.MAX_VALUE;
		this.macs = ThreadLocal.withInitial(this::newMac);
		newMac();
	}

	/**
	 * Creates a codec.
	 * @param secret the signing key, at least 32 bytes; every instance of a service must share it
	 * @param clock the clock issue times and ages are read from
	 * @param ttl how long after it was issued a cursor stays valid, whatever codec issued it, or
	 * {@code null} for no expiry
	 * @return the codec
	 * @throws IllegalArgumentException if the key is shorter than 32 bytes or the TTL not positive
	 */
	public static CursorCodec of(byte[] secret, Clock clock, @Nullable Duration ttl) {
		Objects.requireNonNull(secret, "secret must not be null");
		if (secret.length < 32) {
			throw new IllegalArgumentException("the cursor secret must be at least 32 bytes, but was " + secret.length);
		}
		if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
			throw new IllegalArgumentException("ttl must be positive, but was " + ttl);
		}
		return new CursorCodec(secret, Objects.requireNonNull(clock, "clock must not be null"), ttl);
	}

	/**
	 * Creates a codec with a random key: its cursors are valid only in this process, until it
	 * stops.
	 * @param clock the clock issue times and ages are read from
	 * @param ttl how long after it was issued a cursor stays valid, or {@code null} for no expiry
	 * @return the codec
	 */
	public static CursorCodec withRandomKey(Clock clock, @Nullable Duration ttl) {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return of(secret, clock, ttl);
	}

	/**
	 * Signs a cursor for a scope. Every cursor can be signed: the limits of {@link Cursor} (at
	 * most {@link Cursor#MAX_KEYS} keys, text keys at most {@link Cursor#MAX_TEXT_BYTES} bytes)
	 * keep its token within the length {@link #decode} accepts.
	 * @param cursor the cursor
	 * @param scope what the cursor pages, such as the endpoint and its sort
	 * @return the token, at most 5530 characters
	 */
	public String encode(Cursor cursor, String scope) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeByte(cursor.direction().ordinal());
			// always stamped, so that a TTL switched on later applies to cursors already out
			out.writeLong(this.clock.millis());
			out.writeByte(cursor.keys().size());
			for (Object value : cursor.keys()) {
				writeKey(out, value);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] payload = bytes.toByteArray();
		byte[] token = Arrays.copyOf(payload, payload.length + MAC_LENGTH);
		System.arraycopy(mac(scope, payload), 0, token, payload.length, MAC_LENGTH);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

	/**
	 * Reads a token issued for a scope.
	 * @param token the token, as the client sent it
	 * @param scope the scope it must have been issued for
	 * @return the cursor
	 * @throws ApiException {@code 400} {@code INVALID_CURSOR} if the token is not a valid cursor
	 * of this scope, or has expired
	 */
	public Cursor decode(String token, String scope) {
		if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
			throw invalid();
		}
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(token);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
		if (bytes.length < HEADER_LENGTH + MAC_LENGTH) {
			throw invalid();
		}
		byte[] payload = Arrays.copyOf(bytes, bytes.length - MAC_LENGTH);
		byte[] mac = Arrays.copyOfRange(bytes, payload.length, bytes.length);
		if (!MessageDigest.isEqual(mac, Arrays.copyOf(mac(scope, payload), MAC_LENGTH))) {
			throw invalid();
		}
		// signed by us: what follows was written by encode, unless the key leaked
		try {
			ByteBuffer in = ByteBuffer.wrap(payload);
			if (in.get() != VERSION) {
				throw invalid();
			}
			int direction = in.get();
			long issuedAt = in.getLong();
			// a cursor stamped ahead by an instance whose clock runs fast counts as fresh
			if (this.ttlMillis != Long.MAX_VALUE && this.clock.millis() - issuedAt >= this.ttlMillis) {
				throw new ApiException(ErrorCode.INVALID_CURSOR,
						"The cursor has expired; start again from the first page.");
			}
			int count = in.get();
			if (count < 1 || count > Cursor.MAX_KEYS) {
				throw invalid();
			}
			List<Object> keys = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				keys.add(readKey(in));
			}
			if (in.hasRemaining() || direction < 0 || direction > 1) {
				throw invalid();
			}
			return new Cursor(Cursor.Direction.values()[direction], keys);
		}
		catch (BufferUnderflowException | IllegalArgumentException | java.time.DateTimeException ex) {
			throw invalid();
		}
	}

	/** Each part is prefixed by its length, so that no two (scope, payload) pairs sign alike. */
	private byte[] mac(String scope, byte[] payload) {
		Mac mac = this.macs.get();
		byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
		updateLength(mac, scopeBytes.length);
		mac.update(scopeBytes);
		updateLength(mac, payload.length);
		return mac.doFinal(payload);
	}

	private static void updateLength(Mac mac, int length) {
		mac.update((byte) (length >>> 24));
		mac.update((byte) (length >>> 16));
		mac.update((byte) (length >>> 8));
		mac.update((byte) length);
	}

	private static long saturatedMillis(Duration ttl) {
		try {
			return ttl.toMillis();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static void writeKey(DataOutputStream out, Object value) throws IOException {
		if (value instanceof String string) {
			// at most Cursor.MAX_TEXT_BYTES, as a Cursor holds no longer one
			byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
			out.writeByte(1);
			out.writeShort(utf8.length);
			out.write(utf8);
		}
		else if (value instanceof Long number) {
			out.writeByte(2);
			out.writeLong(number);
		}
		else if (value instanceof Integer number) {
			out.writeByte(3);
			out.writeInt(number);
		}
		else if (value instanceof Boolean bool) {
			out.writeByte(4);
			out.writeBoolean(bool);
		}
		else if (value instanceof BigDecimal decimal) {
			byte[] text = decimal.toString().getBytes(StandardCharsets.US_ASCII);
			out.writeByte(5);
			out.writeShort(text.length);
			out.write(text);
		}
		else if (value instanceof Instant instant) {
			out.writeByte(6);
			out.writeLong(instant.getEpochSecond());
			out.writeInt(instant.getNano());
		}
		else if (value instanceof UUID uuid) {
			out.writeByte(7);
			out.writeLong(uuid.getMostSignificantBits());
			out.writeLong(uuid.getLeastSignificantBits());
		}
		else if (value instanceof LocalDate date) {
			out.writeByte(8);
			out.writeLong(date.toEpochDay());
		}
		else if (value instanceof LocalDateTime dateTime) {
			out.writeByte(9);
			out.writeLong(dateTime.toEpochSecond(ZoneOffset.UTC));
			out.writeInt(dateTime.getNano());
		}
		else if (value instanceof OffsetDateTime dateTime) {
			out.writeByte(10);
			out.writeLong(dateTime.toEpochSecond());
			out.writeInt(dateTime.getNano());
			out.writeInt(dateTime.getOffset().getTotalSeconds());
		}
		else {
			throw new IllegalArgumentException("unsupported cursor key " + value.getClass().getName());
		}
	}

	private static Object readKey(ByteBuffer in) {
		return switch (in.get()) {
			case 1 -> new String(bytes(in, in.getShort()), StandardCharsets.UTF_8);
			case 2 -> in.getLong();
			case 3 -> in.getInt();
			case 4 -> in.get() != 0;
			case 5 -> new BigDecimal(new String(bytes(in, in.getShort()), StandardCharsets.US_ASCII));
			case 6 -> Instant.ofEpochSecond(in.getLong(), in.getInt());
			case 7 -> new UUID(in.getLong(), in.getLong());
			case 8 -> LocalDate.ofEpochDay(in.getLong());
			case 9 -> LocalDateTime.ofEpochSecond(in.getLong(), in.getInt(), ZoneOffset.UTC);
			case 10 -> {
				long seconds = in.getLong();
				int nanos = in.getInt();
				yield OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos),
						ZoneOffset.ofTotalSeconds(in.getInt()));
			}
			default -> throw new IllegalArgumentException("unknown key type");
		};
	}

	private static byte[] bytes(ByteBuffer in, int length) {
		if (length < 0 || length > in.remaining()) {
			throw new IllegalArgumentException("bad length");
		}
		byte[] bytes = new byte[length];
		in.get(bytes);
		return bytes;
	}

	private static ApiException invalid() {
		return new ApiException(ErrorCode.INVALID_CURSOR,
				"The cursor is not valid for this listing; start again from the first page.");
	}

}
