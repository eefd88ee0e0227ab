package dev.hardening.autoconfigure.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts decisions in {@code hardening.rate-limit.decisions} (tags {@code policy},
 * {@code outcome}) and times Redis decisions in {@code hardening.rate-limit.redis} (tag
 * {@code result}: success or error). Counters are looked up once and kept, as a decision is made
 * on every request.
 */
final class MicrometerRateLimitMetrics implements RateLimitMetrics {

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Timer redisSuccess;

	private final Timer redisError;

	MicrometerRateLimitMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.redisSuccess = redisTimer("success");
		this.redisError = redisTimer("error");
	}

	@Override
	public void record(RateLimitPolicy policy, RateLimitDecision decision) {
		String outcome = RateLimitMetrics.outcome(decision);
		this.counters.computeIfAbsent(policy.name() + '\u0000' + outcome, (ignored) -> Counter
			.builder("hardening.rate-limit.decisions")
			.description("Rate-limit decisions, by policy and outcome")
			.tag("policy", policy.name())
			.tag("outcome", outcome)
			.register(this.registry)).increment();
	}

	@Override
	public RateLimiter timed(RateLimiter redis) {
		return (policy, key) -> {
			long start = System.nanoTime();
			try {
				RateLimitDecision decision = redis.tryAcquire(policy, key);
				this.redisSuccess.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
				return decision;
			}
			catch (RuntimeException ex) {
				this.redisError.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
				throw ex;
			}
		};
	}

	private Timer redisTimer(String result) {
		return Timer.builder("hardening.rate-limit.redis")
			.description("Time taken by Redis rate-limit decisions")
			.tag("result", result)
			.register(this.registry);
	}

}
