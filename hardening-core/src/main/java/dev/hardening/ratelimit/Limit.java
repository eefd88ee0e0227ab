package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One quota of a policy: at most {@code capacity} tokens per {@code period}, for example 100 per
 * minute. A bucket starts full and refills at this rate.
 *
 * @param capacity the most tokens the bucket holds, at least 1, and at most one per microsecond of
 * the period
 * @param period the time in which a whole capacity refills, at least one millisecond and at most
 * {@link #MAX_PERIOD}
 */
public record Limit(long capacity, Duration period) {

	/** The shortest period: 1 millisecond. */
	public static final Duration MIN_PERIOD = Duration.ofMillis(1);

	/**
	 * The longest period: 3650 days, about ten years. Both backends count time as integers (the
	 * local one in nanoseconds since the epoch, the Redis script in microseconds held exactly in
	 * Lua's doubles, below 2^53); a period this long leaves both far from their limits for
	 * centuries, where one of 292 years would overflow the first at once.
	 */
	public static final Duration MAX_PERIOD = Duration.ofDays(3650);

	/**
	 * Validates the components.
	 * @throws IllegalArgumentException if the capacity is not positive, the period is shorter
	 * than {@link #MIN_PERIOD} or longer than {@link #MAX_PERIOD}, or the limit refills faster
	 * than one token per microsecond
	 */
	public Limit {
		Objects.requireNonNull(period, "period must not be null");
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
		}
		if (period.compareTo(MIN_PERIOD) < 0) {
			throw new IllegalArgumentException("period must be at least 1ms, but was " + period);
		}
		if (period.compareTo(MAX_PERIOD) > 0) {
			throw new IllegalArgumentException("period must be at most 3650d (about ten years), but was " + period);
		}
		// the period is bounded above, so its microseconds cannot overflow
		if (capacity > period.toNanos() / 1000) {
			// both backends count time in microseconds at best: a faster refill cannot be honoured
			throw new IllegalArgumentException("capacity " + capacity + " per " + period
					+ " refills faster than one token per microsecond: lower the capacity or lengthen the period");
		}
	}

	/**
	 * Creates a limit.
	 * @param capacity the most tokens the bucket holds
	 * @param period the time in which a whole capacity refills
	 * @return the limit
	 */
	public static Limit of(long capacity, Duration period) {
		return new Limit(capacity, period);
	}

}
