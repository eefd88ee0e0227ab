package dev.hardening.autoconfigure.resilience;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.resilience.ResilienceListener;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Meters of the policies: Resilience4j's own for breakers and bulkheads
 * ({@code resilience4j.circuitbreaker.*}, {@code resilience4j.bulkhead.*}, tagged {@code name}),
 * and ours for what Resilience4j does not see, tagged {@code policy}:
 * {@code hardening.resilience.calls} (by {@code kind}: successful_without_retry,
 * successful_with_retry, failed_without_retry, failed_with_retry, rejected, ignored),
 * {@code hardening.resilience.retries}, and {@code hardening.resilience.retries.refused} (by
 * {@code reason}: budget_exhausted, retry_after_too_long, total_timeout). Spring Boot binds it to the meter
 * registry; events before that are not counted.
 */
final class ResilienceMetrics implements ResilienceListener, MeterBinder {

	private final ResilienceRegistries registries;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry meters;

	ResilienceMetrics(ResilienceRegistries registries) {
		this.registries = registries;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.registries.breakers()).bindTo(registry);
		TaggedBulkheadMetrics.ofBulkheadRegistry(this.registries.bulkheads()).bindTo(registry);
		this.meters = registry;
	}

	@Override
	public void onRetry(String policy, int attempt, Duration wait) {
		increment("hardening.resilience.retries", policy, null, null, "Retries made");
	}

	@Override
	public void onRetryRefused(String policy, RetryRefusal reason) {
		increment("hardening.resilience.retries.refused", policy, "reason", reason.name().toLowerCase(Locale.ROOT),
				"Retryable failures not retried, by reason");
	}

	@Override
	public void onCallFinished(String policy, CallOutcome outcome) {
		increment("hardening.resilience.calls", policy, "kind", kind(outcome), "Calls made under a policy, by outcome");
	}

	private void increment(String name, String policy, @Nullable String tag, @Nullable String value,
			String description) {
		MeterRegistry registry = this.meters;
		if (registry == null) {
			return;
		}
		String key = name + '|' + policy + '|' + value;
		this.counters.computeIfAbsent(key, (k) -> {
			Counter.Builder counter = Counter.builder(name).description(description).tag("policy", policy);
			if (tag != null && value != null) {
				counter.tag(tag, value);
			}
			return counter.register(registry);
		}).increment();
	}

	private static String kind(CallOutcome outcome) {
		return switch (outcome) {
			case SUCCESS_WITHOUT_RETRY -> "successful_without_retry";
			case SUCCESS_AFTER_RETRY -> "successful_with_retry";
			case FAILURE_WITHOUT_RETRY -> "failed_without_retry";
			case FAILURE_AFTER_RETRY -> "failed_with_retry";
			case REJECTED -> "rejected";
			case IGNORED -> "ignored";
		};
	}

	/**
	 * The Resilience4j registries the policies' breakers and bulkheads live in.
	 *
	 * @param breakers the circuit breakers
	 * @param bulkheads the bulkheads
	 */
	record ResilienceRegistries(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads) {

		static ResilienceRegistries create() {
			return new ResilienceRegistries(CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults());
		}

	}

}
