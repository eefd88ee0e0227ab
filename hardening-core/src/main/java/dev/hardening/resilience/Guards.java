package dev.hardening.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Makes a policy's Resilience4j breaker and bulkhead from its settings. The policy records
 * outcomes itself, so neither needs Resilience4j's exception predicates.
 */
final class Guards {

	private Guards() {
	}

	static CircuitBreaker breaker(ResilienceConfig config, String name, @Nullable Clock clock,
			@Nullable CircuitBreakerRegistry registry) {
		CircuitBreakerConfig.Builder breakerConfig = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(config.breakerWindow())
			.minimumNumberOfCalls(config.minimumCalls())
			.failureRateThreshold(config.failureRateThreshold())
			.slowCallRateThreshold(config.slowCallRateThreshold())
			.slowCallDurationThreshold(config.slowCallDuration())
			.waitDurationInOpenState(config.openFor())
			.permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
			.automaticTransitionFromOpenToHalfOpenEnabled(false);
		if (clock != null) {
			breakerConfig.clock(clock).currentTimestampFunction(Clock::millis, TimeUnit.MILLISECONDS);
		}
		return (registry != null) ? registry.circuitBreaker(name, breakerConfig.build())
				: CircuitBreaker.of(name, breakerConfig.build());
	}

	static Bulkhead bulkhead(ResilienceConfig config, String name, @Nullable BulkheadRegistry registry) {
		BulkheadConfig bulkheadConfig = BulkheadConfig.custom()
			.maxConcurrentCalls(config.maxConcurrentCalls())
			.maxWaitDuration(Duration.ZERO)
			.build();
		return (registry != null) ? registry.bulkhead(name, bulkheadConfig) : Bulkhead.of(name, bulkheadConfig);
	}

}
