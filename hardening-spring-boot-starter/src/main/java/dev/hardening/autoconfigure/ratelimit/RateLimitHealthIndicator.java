package dev.hardening.autoconfigure.ratelimit;

import java.util.Locale;

import dev.hardening.ratelimit.FailoverRateLimiter;
import dev.hardening.ratelimit.RateLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The rate limiter's backend, in {@code /actuator/health/rateLimit}: {@code local} or
 * {@code redis}, and for Redis the fail mode and whether decisions are degraded right now (the
 * breaker in front of Redis is not closed, so requests are allowed, rejected or limited locally
 * as the fail mode says). Always {@code UP}: the {@code redis} check reports Redis itself.
 */
final class RateLimitHealthIndicator implements HealthIndicator {

	private final RateLimiter limiter;

	RateLimitHealthIndicator(RateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public Health health() {
		if (!(this.limiter instanceof FailoverRateLimiter failover)) {
			return Health.up().withDetail("backend", "local").build();
		}
		CircuitBreaker.State state = failover.breaker().getState();
		return Health.up()
			.withDetail("backend", "redis")
			.withDetail("failMode", failover.failMode().name().toLowerCase(Locale.ROOT))
			.withDetail("breaker", state.name())
			.withDetail("degraded", state != CircuitBreaker.State.CLOSED)
			.build();
	}

}
