package dev.hardening.redis;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * The circuit breaker every Redis backend puts in front of Redis, so that during an outage calls
 * fail at once instead of each paying the command timeout.
 */
public final class RedisBreaker {

	private RedisBreaker() {
	}

	/**
	 * Returns a breaker that opens when half of the last 20 calls (at least 10) failed, stays open
	 * for {@code openFor}, then lets 3 probe calls through.
	 * @param name the breaker's name, for metrics and health
	 * @param openFor how long to stop calling Redis once it is failing
	 * @return the breaker
	 */
	public static CircuitBreaker create(String name, Duration openFor) {
		return create(name, openFor, Clock.systemUTC());
	}

	/**
	 * Returns the breaker {@link #create(String, Duration)} returns, timing its open state on a
	 * given clock.
	 * @param name the breaker's name, for metrics and health
	 * @param openFor how long to stop calling Redis once it is failing
	 * @param clock the clock the open state is timed on
	 * @return the breaker
	 */
	public static CircuitBreaker create(String name, Duration openFor, Clock clock) {
		return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(20)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.waitDurationInOpenState(openFor)
			.permittedNumberOfCallsInHalfOpenState(3)
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.clock(clock)
			.build());
	}

}
