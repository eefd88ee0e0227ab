package dev.hardening.autoconfigure.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

/**
 * {@code hardening.audit.failures}: audit events that could not be written. Loaded only when
 * Micrometer is on the class path.
 */
final class AuditMetrics {

	private AuditMetrics() {
	}

	static @Nullable Runnable failures(BeanFactory beans) {
		MeterRegistry registry = beans.getBeanProvider(MeterRegistry.class).getIfAvailable();
		if (registry == null) {
			return null;
		}
		Counter counter = Counter.builder("hardening.audit.failures")
			.description("Audit events that could not be written")
			.register(registry);
		return counter::increment;
	}

}
