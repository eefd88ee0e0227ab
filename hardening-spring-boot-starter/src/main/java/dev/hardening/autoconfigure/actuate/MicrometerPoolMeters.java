package dev.hardening.autoconfigure.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Reads HikariCP's own Micrometer meters ({@code hikaricp.connections.timeout} and
 * {@code hikaricp.connections.acquire}), which Boot binds for every Hikari pool.
 */
final class MicrometerPoolMeters implements DatabaseHealthCheck.PoolMeters {

	private final MeterRegistry registry;

	MicrometerPoolMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public long timeouts(String pool) {
		Counter timeouts = this.registry.find("hikaricp.connections.timeout").tag("pool", pool).counter();
		return (timeouts != null) ? (long) timeouts.count() : -1;
	}

	@Override
	public long acquireMaxNanos(String pool) {
		Timer acquire = this.registry.find("hikaricp.connections.acquire").tag("pool", pool).timer();
		return (acquire != null) ? (long) acquire.max(TimeUnit.NANOSECONDS) : -1;
	}

}
