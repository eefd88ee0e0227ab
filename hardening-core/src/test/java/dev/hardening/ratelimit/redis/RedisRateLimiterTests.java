package dev.hardening.ratelimit.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.RateLimiterContractTests;
import dev.hardening.ratelimit.Refill;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.MutableClock;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class RedisRateLimiterTests extends RateLimiterContractTests {

	private final TestRedis redis;

	private RedisConnector connector;

	RedisRateLimiterTests(TestRedis redis) {
		this.redis = redis;
	}

	@BeforeEach
	void connect() {
		this.redis.flush();
		// these tests are about exact counts, not timeouts: a loaded machine must not fail them at 250 ms
		this.connector = RedisConnector
			.create(RedisSettings.builder(this.redis.uri().toString()).commandTimeout(Duration.ofSeconds(10)).build());
	}

	@AfterEach
	void close() {
		this.connector.close();
	}

	@Override
	protected RateLimiter limiter() {
		return RedisRateLimiter.create(this.connector, "test:rl", this.clock);
	}

	@Test
	void keepsOneNamespacedHashPerKeyThatExpiresWhenItsBucketsAreFullAgain() {
		RateLimiter limiter = RedisRateLimiter.create(this.connector, "test:rl");
		RateLimitPolicy policy = RateLimitPolicy.of("per-minute", 10, Duration.ofMinutes(1));

		limiter.tryAcquire(policy, "alice");
		limiter.tryAcquire(policy, "alice");

		RedisClusterCommands<String, String> commands = this.connector.commands();
		assertThat(commands.keys("*")).containsExactly("test:rl:per-minute:alice");
		// two tokens taken: full again after two emission intervals of 6s (more than one has not passed)
		assertThat(commands.pttl("test:rl:per-minute:alice")).isBetween(6_001L, 12_001L);
	}

	@Test
	void instancesShareOneBudgetByRedisTime() throws Exception {
		RateLimitPolicy policy = RateLimitPolicy.of("shared", 100, Duration.ofHours(1));
		try (RedisConnector other = RedisConnector.create(RedisSettings.builder(this.redis.uri().toString()).build())) {
			RateLimiter first = RedisRateLimiter.create(this.connector, "test:rl");
			RateLimiter second = RedisRateLimiter.create(other, "test:rl");

			long allowed = race(first, policy, "hot", 100) + race(second, policy, "hot", 100);

			assertThat(allowed).isEqualTo(100);
		}
	}

	@Test
	void decidesInOneRoundTripAndRecoversWhenTheScriptCacheIsFlushed() {
		RateLimiter limiter = RedisRateLimiter.create(this.connector, "test:rl");
		// a token a day refills: the count below holds however slowly the calls run (Redis's clock is real)
		RateLimitPolicy policy = RateLimitPolicy.of("trips", 1000, Duration.ofDays(1000));
		limiter.tryAcquire(policy, "k");
		RedisClusterCommands<String, String> commands = this.connector.commands();
		commands.configResetstat();

		for (int i = 0; i < 50; i++) {
			limiter.tryAcquire(policy, "k");
		}
		Map<String, Long> calls = commandCalls(commands.info("commandstats"));

		assertThat(calls).containsEntry("evalsha", 50L).doesNotContainKeys("get", "eval", "script", "watch", "multi");

		commands.scriptFlush();
		RateLimitDecision afterFlush = limiter.tryAcquire(policy, "k");

		assertThat(afterFlush.allowed()).isTrue();
		assertThat(afterFlush.remaining()).isEqualTo(1000 - 52);
	}

	@ParameterizedTest
	@EnumSource(Refill.class)
	void aClockThatSteppedBackLeavesEveryFieldWithinItsBounds(Refill refill) {
		MutableClock ahead = MutableClock.start();
		ahead.advance(Duration.ofHours(1));
		RateLimitPolicy policy = RateLimitPolicy.builder("stepped").limit(10, Duration.ofMinutes(1)).refill(refill).build();
		RateLimiter before = RedisRateLimiter.create(this.connector, "test:rl", ahead);
		drain(before, policy, "k", 10);
		// the same keys, read by an instance whose clock is an hour behind (a failover, an NTP step)
		RateLimiter after = RedisRateLimiter.create(this.connector, "test:rl", MutableClock.start());

		RateLimitDecision decision = after.tryAcquire(policy, "k");

		assertThat(decision.allowed()).isFalse();
		assertThat(decision.remaining()).isZero();
		assertThat(decision.resetAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(decision.retryAfter()).isEqualTo((refill == Refill.GREEDY) ? Duration.ofSeconds(6) : Duration.ofMinutes(1));
	}

	@ParameterizedTest
	@CsvSource({ "g, gv1, FUTURE, , 0", "g, gv1, 1e400, , 0", "g, gv1, -1e300, , 9", "g, gv1, garbage, , 9",
			"i, iv1, 15, is1=FUTURE, 0", "i, iv1, -4, is1=FUTURE, 9", "i, iv1, 1e400, is1=0, 9",
			"i, iv1, 3, is1=1e400, 6", "i, iv1, 3, is1=-1e300, 9", "i, iv1, garbage, is1=garbage, 9" })
	void storedValuesAheadOfRedisTimeOrOutOfRangeAreReadAsAtMostAnEmptyBucket(String refill, String field,
			String value, String other, long expectedRemaining) {
		RedisClusterCommands<String, String> commands = this.connector.commands();
		List<String> time = commands.time();
		String future = Long.toString(Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1))
				+ Duration.ofDays(10).toNanos() / 1000);
		commands.hset("test:rl:stored:k", field, value.replace("FUTURE", future));
		if (other != null) {
			String[] pair = other.split("=");
			commands.hset("test:rl:stored:k", pair[0], pair[1].replace("FUTURE", future));
		}
		RateLimitPolicy policy = RateLimitPolicy.builder("stored")
			.limit(10, Duration.ofMinutes(1))
			.refill(refill.equals("g") ? Refill.GREEDY : Refill.INTERVAL)
			.build();

		RateLimitDecision decision = RedisRateLimiter.create(this.connector, "test:rl").tryAcquire(policy, "k");

		assertThat(decision.remaining()).isEqualTo(expectedRemaining);
		assertThat(decision.allowed()).isEqualTo(expectedRemaining > 0);
		assertThat(decision.resetAfter()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
		assertThat(decision.retryAfter()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
		if (decision.allowed()) {
			assertThat(commands.pttl("test:rl:stored:k")).isBetween(1L, Duration.ofMinutes(1).toMillis() + 2);
		}
	}

	private static Map<String, Long> commandCalls(String commandStats) {
		Map<String, Long> calls = new java.util.HashMap<>();
		for (String line : commandStats.split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String count = line.substring(line.indexOf("calls=") + 6, line.indexOf(','));
				calls.put(name, Long.parseLong(count));
			}
		}
		calls.remove("config");
		calls.remove("info");
		return calls;
	}

}
