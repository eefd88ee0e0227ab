package dev.hardening.autoconfigure.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Checks the settings at startup, naming the property that is wrong.
 */
final class IdempotencyPropertiesCheck {

	private IdempotencyPropertiesCheck() {
	}

	static void check(IdempotencyProperties properties) {
		positive("hardening.idempotency.retention", properties.getRetention());
		positive("hardening.idempotency.lease", properties.getLease());
		positive("hardening.idempotency.breaker.open-for", properties.getBreaker().getOpenFor());
		size("hardening.idempotency.max-body-size", properties.getMaxBodySize(), Integer.MAX_VALUE - 8);
		size("hardening.idempotency.max-response-size", properties.getMaxResponseSize(), Integer.MAX_VALUE - 8);
		size("hardening.idempotency.local-capacity", properties.getLocalCapacity(), Long.MAX_VALUE);
		if (properties.getKeyPrefix() == null || properties.getKeyPrefix().isBlank()) {
			throw new InvalidConfigurationPropertyValueException("hardening.idempotency.key-prefix",
					properties.getKeyPrefix(), "It must not be blank.");
		}
		for (int i = 0; i < properties.getReplayHeaders().size(); i++) {
			String name = properties.getReplayHeaders().get(i);
			if (name == null || name.isBlank() || !name.chars().allMatch((c) -> c > 0x20 && c < 0x7F && c != ':')) {
				throw new InvalidConfigurationPropertyValueException("hardening.idempotency.replay-headers[" + i + "]",
						name, "It must be a header name, such as Location.");
			}
		}
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "It must be positive, such as 1m.");
		}
	}

	private static void size(String property, DataSize value, long max) {
		if (value == null || value.toBytes() < 1 || value.toBytes() > max) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"It must be at least 1B and at most " + max + "B.");
		}
	}

}
