package dev.hardening.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it, so time-dependent code is tested without
 * waiting or sleeping.
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	public MutableClock(Instant start) {
		this.now = start;
	}

	/**
	 * Returns a clock at a fixed, arbitrary instant.
	 * @return the clock
	 */
	public static MutableClock start() {
		return new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 */
	public synchronized void advance(Duration duration) {
		this.now = this.now.plus(duration);
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("MutableClock is UTC only");
	}

}
