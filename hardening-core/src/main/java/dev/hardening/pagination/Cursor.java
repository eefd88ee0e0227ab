package dev.hardening.pagination;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A position in a keyset listing: the sort key of the row next to it, and which way to read.
 * Clients see it only as an opaque signed string ({@link CursorCodec}).
 *
 * @param direction which way to read from the position
 * @param keys the row's sort key values, in sort order: strings, numbers ({@code Integer},
 * {@code Long}, {@code BigDecimal}), booleans, UUIDs, {@code Instant}, {@code LocalDate},
 * {@code LocalDateTime} or {@code OffsetDateTime}; never {@code null}; at most {@link #MAX_KEYS}
 * of them, a string at most {@link #MAX_TEXT_BYTES} bytes in UTF-8 and a {@code BigDecimal} at
 * most that many characters as text, so that every cursor fits in a token {@link CursorCodec}
 * accepts back
 */
public record Cursor(Direction direction, List<Object> keys) {

	/** The most keys a cursor holds: a sort of that many properties, its tie-breaker included. */
	public static final int MAX_KEYS = 8;

	/**
	 * The most bytes of a text key: a string in UTF-8, or a {@code BigDecimal} as text. Longer
	 * values cannot be a position ({@link Keyset} answers {@code INVALID_SORT} when a page would
	 * need one).
	 */
	public static final int MAX_TEXT_BYTES = 512;

	/**
	 * Checks the components.
	 * @throws IllegalArgumentException if there are no keys or more than {@link #MAX_KEYS}, a key
	 * is of a type a cursor cannot hold, or a text key is longer than {@link #MAX_TEXT_BYTES}
	 */
	public Cursor {
		Objects.requireNonNull(direction, "direction must not be null");
		keys = List.copyOf(keys);
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("a cursor needs at least one key");
		}
		if (keys.size() > MAX_KEYS) {
			throw new IllegalArgumentException("a cursor holds at most " + MAX_KEYS + " keys, but was given " + keys.size());
		}
		for (Object key : keys) {
			if (!supported(key)) {
				throw new IllegalArgumentException("a cursor cannot hold a " + key.getClass().getName()
						+ "; use strings, numbers, booleans, UUIDs or java.time values");
			}
			if (tooLong(key)) {
				// the value is not shown: it is a row's data
				throw new IllegalArgumentException("a cursor key may be at most " + MAX_TEXT_BYTES
						+ " bytes as text (UTF-8), but a " + key.getClass().getSimpleName() + " key is longer");
			}
		}
	}

	static boolean supported(Object key) {
		return key instanceof String || key instanceof Long || key instanceof Integer || key instanceof Boolean
				|| key instanceof BigDecimal || key instanceof UUID || key instanceof Instant
				|| key instanceof LocalDate || key instanceof LocalDateTime || key instanceof OffsetDateTime;
	}

	/** Whether a text key is longer than {@link #MAX_TEXT_BYTES}; other keys never are. */
	static boolean tooLong(Object key) {
		if (key instanceof String string) {
			// a char is 1 to 3 bytes in UTF-8 (a surrogate pair 4 for 2 chars, a lone one '?')
			if (string.length() > MAX_TEXT_BYTES) {
				return true;
			}
			return string.length() * 3 > MAX_TEXT_BYTES
					&& string.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES;
		}
		return key instanceof BigDecimal decimal && decimal.toString().length() > MAX_TEXT_BYTES;
	}

	/**
	 * Which way a cursor reads.
	 */
	public enum Direction {

		/** The rows after the position. */
		NEXT,

		/** The rows before the position. */
		PREVIOUS

	}

}
