package dev.hardening.resilience;

import java.time.Duration;
import java.util.Objects;

/**
 * The range checks of the configuration builders, each naming the setting in its message.
 */
final class Checks {

	private Checks() {
	}

	static void positive(String name, Duration value) {
		Objects.requireNonNull(value, name + " must not be null");
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, but was " + value);
		}
	}

	static void percent(String name, float value) {
		if (!(value >= 1 && value <= 100)) {
			throw new IllegalArgumentException(name + " must be between 1 and 100, but was " + value);
		}
	}

}
