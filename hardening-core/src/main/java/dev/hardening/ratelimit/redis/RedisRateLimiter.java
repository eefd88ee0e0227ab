package dev.hardening.ratelimit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.ratelimit.Limit;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.Refill;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisScript;
import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

/**
 * Buckets shared through Redis: every instance of the service draws on the same budget. Each
 * decision is one {@code EVALSHA} of a script that reads the buckets, decides, and writes them
 * back atomically, so racing instances never over-admit and a hot key never spins in
 * compare-and-swap retries. The script reads Redis's clock ({@code TIME}), so instances with
 * skewed clocks agree. A key's hash expires when its buckets would be full again, so idle keys
 * leave Redis by themselves.
 *
 * <p>Keys are {@code <prefix>:<policy>:<key>}: a decision touches one key, so on a Redis Cluster it is
 * one script on the node of that key's slot, without a hash tag. Errors (Redis down, a timeout) are thrown, for a
 * {@link dev.hardening.ratelimit.FailoverRateLimiter} to turn into its fail mode.
 */
public final class RedisRateLimiter implements RateLimiter {

	private static final RedisScript SCRIPT = new RedisScript(ScriptOutputType.MULTI, load("token-buckets.lua"));

	private final RedisConnector connector;

	private final String prefix;

	private final @Nullable Clock clock;

	private final Map<RateLimitPolicy, String[]> arguments = new ConcurrentHashMap<>();

	private RedisRateLimiter(RedisConnector connector, String prefix, @Nullable Clock clock) {
		this.connector = connector;
		this.prefix = prefix;
		this.clock = clock;
	}

	/**
	 * Creates a limiter that takes the time from Redis.
	 * @param connector the shared connection
	 * @param keyPrefix the namespace of the limiter's keys, for example {@code hardening:ratelimit}
	 * @return the limiter
	 */
	public static RedisRateLimiter create(RedisConnector connector, String keyPrefix) {
		return new RedisRateLimiter(Objects.requireNonNull(connector, "connector must not be null"),
				requirePrefix(keyPrefix), null);
	}

	/**
	 * Creates a limiter that takes the time from a clock of this process instead of Redis's, so
	 * tests can move it. In production, prefer {@link #create(RedisConnector, String)}: instances
	 * with skewed clocks then disagree about refills.
	 * @param connector the shared connection
	 * @param keyPrefix the namespace of the limiter's keys
	 * @param clock the clock
	 * @return the limiter
	 */
	public static RedisRateLimiter create(RedisConnector connector, String keyPrefix, Clock clock) {
		return new RedisRateLimiter(Objects.requireNonNull(connector, "connector must not be null"),
				requirePrefix(keyPrefix), Objects.requireNonNull(clock, "clock must not be null"));
	}

	private static String requirePrefix(String keyPrefix) {
		Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
		if (keyPrefix.isBlank()) {
			throw new IllegalArgumentException("keyPrefix must not be blank");
		}
		return keyPrefix;
	}

	@Override
	public RateLimitDecision tryAcquire(RateLimitPolicy policy, String key) {
		String[] args = this.arguments.computeIfAbsent(policy, RedisRateLimiter::arguments).clone();
		args[1] = (this.clock != null) ? Long.toString(micros(this.clock.instant())) : "";
		String[] keys = { this.prefix + ':' + policy.name() + ':' + key };
		List<Long> result = this.connector.call((redis) -> SCRIPT.run(redis, keys, args));
		// what comes back from Redis is untrusted: the script clamps, and so does this side
		long remaining = Math.min(Math.max(result.get(1), 0), policy.smallestCapacity());
		Duration resetAfter = micros(result.get(3), policy.longestPeriod());
		if (result.get(0) == 1L) {
			return RateLimitDecision.allowed(remaining, resetAfter);
		}
		return RateLimitDecision.rejected(remaining, micros(result.get(2), policy.longestPeriod()), resetAfter);
	}

	private static Duration micros(long micros, Duration max) {
		if (micros <= 0) {
			return Duration.ZERO;
		}
		// the longest period is at most Limit.MAX_PERIOD, whose microseconds fit a long
		return (micros >= max.toNanos() / 1000) ? max : Duration.ofNanos(micros * 1000);
	}

	private static String[] arguments(RateLimitPolicy policy) {
		List<Limit> limits = policy.limits();
		String[] args = new String[3 + 2 * limits.size()];
		args[0] = Long.toString(policy.cost());
		args[2] = (policy.refill() == Refill.GREEDY) ? "g" : "i";
		for (int i = 0; i < limits.size(); i++) {
			args[3 + 2 * i] = Long.toString(limits.get(i).capacity());
			args[4 + 2 * i] = Long.toString(limits.get(i).period().toNanos() / 1000);
		}
		return args;
	}

	private static long micros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
	}

	private static String load(String name) {
		try (InputStream in = RedisRateLimiter.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing script " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
