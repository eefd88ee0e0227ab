package dev.hardening.requestid.internal;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.hardening.requestid.RequestIdGenerator;

/**
 * Version 7 UUIDs (RFC 9562 §5.7): 48 bits of Unix milliseconds, then 74 random bits. Exists
 * because {@link UUID#randomUUID()} draws on one shared {@code SecureRandom}, a lock every
 * request would queue on.
 */
public final class UuidV7Generator implements RequestIdGenerator {

	private static final long VERSION_7 = 0x7000L;

	private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

	private final Clock clock;

	/**
	 * Creates a generator.
	 * @param clock the clock for the timestamp bits
	 */
	public UuidV7Generator(Clock clock) {
		this.clock = clock;
	}

	@Override
	public String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long millis = this.clock.millis() & 0xFFFF_FFFF_FFFFL;
		long mostSignificant = (millis << 16) | VERSION_7 | (random.nextLong() & 0x0FFFL);
		long leastSignificant = VARIANT_RFC | (random.nextLong() >>> 2);
		return new UUID(mostSignificant, leastSignificant).toString();
	}

}
