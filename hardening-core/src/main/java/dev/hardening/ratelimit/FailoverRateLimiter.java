package dev.hardening.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.hardening.redis.RedisBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * Guards a remote limiter (Redis) with a Resilience4j circuit breaker and a {@link FailMode}.
 * While the remote answers, its decisions pass through. When a call fails (down, timed out), or
 * the breaker is open because recent calls failed, the fail mode decides at once: during an
 * outage no call pays the remote's timeout more than the breaker needs to notice it. The breaker
 * probes the remote again after its open period, and decisions come from the remote as soon as
 * it answers.
 */
public final class FailoverRateLimiter implements RateLimiter {

	private final RateLimiter remote;

	private final FailMode failMode;

	private final @Nullable RateLimiter fallback;

	private final CircuitBreaker breaker;

	private FailoverRateLimiter(RateLimiter remote, FailMode failMode, @Nullable RateLimiter fallback,
			CircuitBreaker breaker) {
		this.remote = remote;
		this.failMode = failMode;
		this.fallback = fallback;
		this.breaker = breaker;
	}

	/**
	 * Guards a remote limiter.
	 * @param remote the limiter to guard
	 * @param failMode what to do while it fails
	 * @param fallback the local limiter for {@link FailMode#LOCAL}; ignored otherwise
	 * @param breaker the circuit breaker, see {@link #defaultBreaker(String, Duration)}
	 * @return the guarded limiter
	 * @throws IllegalArgumentException if the fail mode is {@code LOCAL} and there is no fallback
	 */
	public static FailoverRateLimiter of(RateLimiter remote, FailMode failMode, @Nullable RateLimiter fallback,
			CircuitBreaker breaker) {
		Objects.requireNonNull(remote, "remote must not be null");
		Objects.requireNonNull(failMode, "failMode must not be null");
		Objects.requireNonNull(breaker, "breaker must not be null");
		if (failMode == FailMode.LOCAL && fallback == null) {
			throw new IllegalArgumentException("fail mode LOCAL needs a fallback limiter");
		}
		return new FailoverRateLimiter(remote, failMode, fallback, breaker);
	}

	/**
	 * Returns a breaker suited to a rate limiter's backend: it opens when half of the last 20
	 * calls (at least 10) failed or took longer than a timeout, stays open for
	 * {@code openFor}, then lets 3 probe calls through.
	 * @param name the breaker's name, for metrics
	 * @param openFor how long to stop calling the backend once it is failing
	 * @return the breaker
	 */
	public static CircuitBreaker defaultBreaker(String name, Duration openFor) {
		return RedisBreaker.create(name, openFor);
	}

	@Override
	public RateLimitDecision tryAcquire(RateLimitPolicy policy, String key) {
		if (!this.breaker.tryAcquirePermission()) {
			return degraded(policy, key);
		}
		long start = System.nanoTime();
		try {
			RateLimitDecision decision = this.remote.tryAcquire(policy, key);
			this.breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
			return decision;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			return degraded(policy, key);
		}
	}

	/**
	 * Returns the circuit breaker, for health and metrics.
	 * @return the breaker
	 */
	public CircuitBreaker breaker() {
		return this.breaker;
	}

	/**
	 * Returns the fail mode.
	 * @return the fail mode
	 */
	public FailMode failMode() {
		return this.failMode;
	}

	private RateLimitDecision degraded(RateLimitPolicy policy, String key) {
		return switch (this.failMode) {
			case OPEN -> RateLimitDecision.failOpen();
			case CLOSED -> RateLimitDecision.failClosed();
			case LOCAL -> Objects.requireNonNull(this.fallback).tryAcquire(policy, key).asFallback();
		};
	}

}
