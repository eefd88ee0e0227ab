package dev.hardening.autoconfigure.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Checks the settings of the limiter itself at startup, naming the property that is wrong; the
 * policies are checked by {@link RateLimitRules}.
 */
final class RateLimitPropertiesCheck {

	/** The shortest time the breaker can stay open: Resilience4j counts it in milliseconds. */
	static final Duration MIN_OPEN_FOR = Duration.ofMillis(1);

	/**
	 * The longest time the breaker can stay open. Longer would leave Redis unprobed for more than
	 * a day after a blip, and far longer overflows the breaker's clock arithmetic at the first
	 * failure, a request, rather than at startup.
	 */
	static final Duration MAX_OPEN_FOR = Duration.ofDays(1);

	private RateLimitPropertiesCheck() {
	}

	/**
	 * Checks the properties.
	 * @param properties the properties
	 * @throws InvalidConfigurationPropertyValueException naming the first bad property
	 */
	static void check(RateLimitProperties properties) {
		if (properties.getMaxKeys() < 1) {
			throw new InvalidConfigurationPropertyValueException("hardening.rate-limit.max-keys",
					properties.getMaxKeys(), "It must be at least 1.");
		}
		if (properties.getKeyPrefix() == null || properties.getKeyPrefix().isBlank()) {
			throw new InvalidConfigurationPropertyValueException("hardening.rate-limit.key-prefix",
					properties.getKeyPrefix(), "It must not be blank, such as hardening:rate-limit.");
		}
		Duration openFor = properties.getBreaker().getOpenFor();
		if (openFor == null || openFor.compareTo(MIN_OPEN_FOR) < 0 || openFor.compareTo(MAX_OPEN_FOR) > 0) {
			throw new InvalidConfigurationPropertyValueException("hardening.rate-limit.breaker.open-for", openFor,
					"It must be between 1ms and 1d, such as 10s.");
		}
	}

}
