package dev.hardening.resilience;

import java.time.Clock;
import java.util.Arrays;

/**
 * Bounds retries to a share of calls, so that a failing callee sees at most {@code 1 + ratio}
 * times its usual load instead of {@code maxAttempts} times. Over the last ten seconds, retries may
 * number at most {@code ratio} times the calls plus {@code minPerSecond} per second (so that a
 * quiet client can still retry). Once spent, a failed attempt is not retried.
 *
 * <p>Neither Resilience4j nor Bucket4j offers this: a token bucket keeps deposits forever, and
 * deposits here must expire with the window, as in Finagle's retry budget.
 */
public final class RetryBudget {

	private static final int SLOTS = 10;

	private static final long SLOT_MILLIS = 1000;

	private final double ratio;

	private final double reserve;

	private final Clock clock;

	private final long[] calls = new long[SLOTS];

	private final long[] retries = new long[SLOTS];

	private long currentSlot;

	private RetryBudget(double ratio, int minPerSecond, Clock clock) {
		this.ratio = ratio;
		this.reserve = (double) minPerSecond * SLOTS;
		this.clock = clock;
		this.currentSlot = clock.millis() / SLOT_MILLIS;
	}

	/**
	 * Creates a budget.
	 * @param ratio the share of calls that may be retried, such as {@code 0.1}
	 * @param minPerSecond the retries allowed per second whatever the number of calls
	 * @param clock the clock the window moves by
	 * @return the budget
	 * @throws IllegalArgumentException if a value is negative
	 */
	public static RetryBudget of(double ratio, int minPerSecond, Clock clock) {
		if (!(ratio >= 0) || Double.isInfinite(ratio)) {
			throw new IllegalArgumentException("ratio must be 0 or more, but was " + ratio);
		}
		if (minPerSecond < 0) {
			throw new IllegalArgumentException("minPerSecond must be 0 or more, but was " + minPerSecond);
		}
		return new RetryBudget(ratio, minPerSecond, clock);
	}

	/**
	 * Counts a call, which earns {@code ratio} retries for the window.
	 */
	public synchronized void recordCall() {
		this.calls[slot()]++;
	}

	/**
	 * Takes one retry from the budget if there is one left.
	 * @return {@code true} if the retry may go ahead
	 */
	public synchronized boolean tryRetry() {
		int slot = slot();
		if (sum(this.retries) + 1 > this.ratio * sum(this.calls) + this.reserve) {
			return false;
		}
		this.retries[slot]++;
		return true;
	}

	/**
	 * Returns how many retries are left in the window now.
	 * @return the retries left, at least 0
	 */
	public synchronized long remaining() {
		slot();
		return Math.max(0, (long) Math.floor(this.ratio * sum(this.calls) + this.reserve) - sum(this.retries));
	}

	private int slot() {
		long now = this.clock.millis() / SLOT_MILLIS;
		if (now > this.currentSlot) {
			long elapsed = now - this.currentSlot;
			if (elapsed >= SLOTS) {
				Arrays.fill(this.calls, 0);
				Arrays.fill(this.retries, 0);
			}
			else {
				for (long s = this.currentSlot + 1; s <= now; s++) {
					int index = (int) (s % SLOTS);
					this.calls[index] = 0;
					this.retries[index] = 0;
				}
			}
			this.currentSlot = now;
		}
		return (int) (this.currentSlot % SLOTS);
	}

	private static long sum(long[] counts) {
		long sum = 0;
		for (long count : counts) {
			sum += count;
		}
		return sum;
	}

}
