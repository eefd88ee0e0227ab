package dev.hardening.autoconfigure.idempotency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link IdempotencyMetrics} on Micrometer, its counters looked up once and kept.
 */
final class MicrometerIdempotencyMetrics implements IdempotencyMetrics {

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	MicrometerIdempotencyMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void record(String policy, Outcome outcome) {
		this.counters.computeIfAbsent(policy + '\u0000' + outcome.tag, (ignored) -> Counter
			.builder("hardening.idempotency.requests")
			.description("Requests guarded by idempotency keys, by policy and outcome")
			.tag("policy", policy)
			.tag("outcome", outcome.tag)
			.register(this.registry)).increment();
	}

}
