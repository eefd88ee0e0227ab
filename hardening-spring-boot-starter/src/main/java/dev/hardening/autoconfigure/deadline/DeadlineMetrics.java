package dev.hardening.autoconfigure.deadline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts requests that ended after their deadline in {@code hardening.deadline.exceeded}, by
 * {@code uri} (the route's pattern, as in {@code http.server.requests}) and {@code code} (the
 * problem the request was answered with, or {@code none} when it was answered late but without
 * one). Its counters are looked up once and kept; without a registry it counts nothing.
 */
final class DeadlineMetrics {

	static final String NAME = "hardening.deadline.exceeded";

	private final @Nullable MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	DeadlineMetrics(@Nullable MeterRegistry registry) {
		this.registry = registry;
	}

	void exceeded(String uri, String code) {
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return;
		}
		Counter counter = this.counters.get(uri + '\u0000' + code);
		if (counter == null) {
			counter = this.counters.computeIfAbsent(uri + '\u0000' + code,
					(ignored) -> Counter.builder(NAME)
						.description("Requests that ended after their deadline, by route and the problem answered")
						.tag("uri", uri)
						.tag("code", code)
						.register(registry));
		}
		counter.increment();
	}

}
