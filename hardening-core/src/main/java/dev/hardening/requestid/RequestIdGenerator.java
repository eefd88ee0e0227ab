package dev.hardening.requestid;

import java.time.Clock;
import java.util.Objects;

import dev.hardening.requestid.internal.UuidV7Generator;

/**
 * Makes a new request ID when a request arrives without a usable one. Implementations must be
 * thread-safe, cheap (they run on every such request) and return values that
 * {@link RequestIds#isValid(CharSequence)} accepts.
 */
@FunctionalInterface
public interface RequestIdGenerator {

	/**
	 * Returns a new request ID.
	 * @return the ID, never {@code null}
	 */
	String generate();

	/**
	 * Returns the default generator: RFC 9562 version 7 UUIDs such as
	 * {@code 019a4f0c-7b1e-7c3d-9a5e-2f4b8c6d1e0a}, which sort by creation time. The random bits
	 * come from {@link java.util.concurrent.ThreadLocalRandom}, so generation takes no lock; they
	 * make IDs unique, not secret.
	 * @return the generator, using the system clock
	 */
	static RequestIdGenerator uuidV7() {
		return uuidV7(Clock.systemUTC());
	}

	/**
	 * Returns a version 7 UUID generator that reads the time from the given clock.
	 * @param clock the clock for the timestamp bits
	 * @return the generator
	 */
	static RequestIdGenerator uuidV7(Clock clock) {
		return new UuidV7Generator(Objects.requireNonNull(clock, "clock must not be null"));
	}

}
