package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One quota of a policy: at most {@code capacity} tokens per {@code period}, for example 100 per
 * minute. A bucket starts full and refills at this rate.
 *
 * @param capacity the most tokens the bucket holds, at least 1, and at most one per microsecond of
 * the period
 * @param period the time in which a whole capacity refills, at least one millisecond
 */
public record Limit(long capacity, Duration period) {

	/**
	 * Validates the components.
	 * @throws IllegalArgumentException if the capacity is not positive, the period is shorter
	 * than a millisecond, or the limit refills faster than one token per microsecond
	 */
	public Limit {
		Objects.requireNonNull(period, "period must not be null");
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, but was " + capacity);
		}
		if (period.compareTo(Duration.ofMillis(1)) < 0) {
			throw new IllegalArgumentException("period must be at least 1ms, but was " + period);
		}
		if (capacity > period.toNanos() / 1000) {
			// both backends count time in microseconds at best: a faster refill cannot be honoured
			throw new IllegalArgumentException(
					"capacity " + capacity + " per " + period + " refills faster than one token per microsecond");
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
