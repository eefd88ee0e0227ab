package dev.hardening.pagination;

import java.math.BigDecimal;
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
 * {@code LocalDateTime} or {@code OffsetDateTime}; never {@code null}
 */
public record Cursor(Direction direction, List<Object> keys) {

	/**
	 * Checks the components.
	 * @throws IllegalArgumentException if there are no keys, or a key is of a type a cursor
	 * cannot hold
	 */
	public Cursor {
		Objects.requireNonNull(direction, "direction must not be null");
		keys = List.copyOf(keys);
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("a cursor needs at least one key");
		}
		for (Object key : keys) {
			if (!supported(key)) {
				throw new IllegalArgumentException("a cursor cannot hold a " + key.getClass().getName()
						+ "; use strings, numbers, booleans, UUIDs or java.time values");
			}
		}
	}

	static boolean supported(Object key) {
		return key instanceof String || key instanceof Long || key instanceof Integer || key instanceof Boolean
				|| key instanceof BigDecimal || key instanceof UUID || key instanceof Instant
				|| key instanceof LocalDate || key instanceof LocalDateTime || key instanceof OffsetDateTime;
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
