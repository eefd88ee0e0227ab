package dev.hardening.ratelimit.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.ratelimit.FailMode;
import dev.hardening.ratelimit.FailoverRateLimiter;
import dev.hardening.ratelimit.RateLimitDecision;
import dev.hardening.ratelimit.RateLimitDecision.Source;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.redis.RedisBreaker;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.FaultProxy;
import dev.hardening.test.MutableClock;
import dev.hardening.test.TestRedis;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each fail mode against a real Redis that crashes, or that a black-holing network makes slower
 * than the command timeout; and recovery when it comes back, without a restart.
 */
class RedisFailoverTests {

	private static final Duration OPEN_FOR = Duration.ofSeconds(3);

	private final RateLimitPolicy policy = RateLimitPolicy.of("p", 1000, Duration.ofMinutes(1));

	// the breaker's open state is timed on this clock: it stays open until the test lets time pass
	private final MutableClock breakerClock = MutableClock.start();

	private TestRedis redis;

	private FaultProxy proxy;

	private RedisConnector connector;

	private final AtomicInteger remoteCalls = new AtomicInteger();

	@BeforeEach
	void start() {
		this.redis = TestRedis.startDedicated();
		this.proxy = FaultProxy.start("127.0.0.1", this.redis.port());
		this.connector = RedisConnector.create(RedisSettings.builder("redis://127.0.0.1:" + this.proxy.port())
			.commandTimeout(Duration.ofMillis(250))
			.reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200))
			.build());
	}

	@AfterEach
	void stop() {
		this.connector.close();
		this.proxy.close();
		this.redis.close();
	}

	@ParameterizedTest
	@EnumSource(FailMode.class)
	void crashedRedisFallsBackToTheFailModeThenRecovers(FailMode mode) {
		FailoverRateLimiter limiter = limiter(mode);
		assertThat(limiter.tryAcquire(this.policy, "k").source()).isEqualTo(Source.BACKEND);

		this.redis.stop();

		assertDegraded(limiter, mode);
		this.redis.start();
		assertRecovers(limiter);
	}

	@ParameterizedTest
	@EnumSource(FailMode.class)
	void redisSlowerThanTheTimeoutFallsBackAndTheOpenBreakerStopsWaitingOnIt(FailMode mode) {
		FailoverRateLimiter limiter = limiter(mode);
		assertThat(limiter.tryAcquire(this.policy, "k").source()).isEqualTo(Source.BACKEND);

		this.proxy.blackHole();

		assertDegraded(limiter, mode);
		this.proxy.heal();
		// TCP would have delivered or reset what the black hole swallowed; the proxy discarded it, so reset
		this.proxy.dropConnections();
		assertRecovers(limiter);
	}

	@ParameterizedTest
	@EnumSource(FailMode.class)
	void aConnectionStalledForGoodIsReplacedAfterItsTimeoutsAndDecisionsRecover(FailMode mode) {
		FailoverRateLimiter limiter = limiter(mode);
		assertThat(limiter.tryAcquire(this.policy, "k").source()).isEqualTo(Source.BACKEND);

		// a connection a firewall forgot: it never closes and never answers again; new ones work
		this.proxy.stallOpenConnections();

		assertThat(limiter.tryAcquire(this.policy, "k").source()).isEqualTo(expected(mode));
		assertRecovers(limiter);
		assertThat(this.connector.reconnectsAfterTimeouts()).isOne();
	}

	@ParameterizedTest
	@EnumSource(FailMode.class)
	void aClientPauseLongerThanTheTimeoutFallsBackThenRecovers(FailMode mode) {
		FailoverRateLimiter limiter = limiter(mode);
		assertThat(limiter.tryAcquire(this.policy, "k").source()).isEqualTo(Source.BACKEND);

		try (RedisConnector admin = RedisConnector.create(RedisSettings.builder(this.redis.uri().toString()).build())) {
			admin.commands().clientPause(1_500);
		}

		assertThat(limiter.tryAcquire(this.policy, "k").source()).isEqualTo(expected(mode));
		assertRecovers(limiter);
	}

	private void assertDegraded(FailoverRateLimiter limiter, FailMode mode) {
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.tryAcquire(this.policy, "k").source()).isEqualTo(expected(mode));
		}
		assertThat(limiter.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int callsWhenOpened = this.remoteCalls.get();

		RateLimitDecision whileOpen = limiter.tryAcquire(this.policy, "k");

		assertThat(whileOpen.source()).isEqualTo(expected(mode));
		assertThat(this.remoteCalls.get()).as("calls that waited on Redis once the breaker was open")
			.isEqualTo(callsWhenOpened);
	}

	private void assertRecovers(FailoverRateLimiter limiter) {
		// each try comes after the breaker's open time: its probes go to Redis, and reopen it while
		// Redis is still coming back; it closes once enough of them succeed
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.breakerClock.advance(OPEN_FOR);
			Source source = limiter.tryAcquire(this.policy, "k").source();
			return source == Source.BACKEND && limiter.breaker().getState() == CircuitBreaker.State.CLOSED;
		});
	}

	private FailoverRateLimiter limiter(FailMode mode) {
		RateLimiter redisLimiter = RedisRateLimiter.create(this.connector, "test:rl");
		RateLimiter counted = (policy, key) -> {
			this.remoteCalls.incrementAndGet();
			return redisLimiter.tryAcquire(policy, key);
		};
		return FailoverRateLimiter.of(counted, mode, RateLimiter.local(1000),
				RedisBreaker.create("redis", OPEN_FOR, this.breakerClock));
	}

	private static Source expected(FailMode mode) {
		return switch (mode) {
			case OPEN -> Source.FAIL_OPEN;
			case CLOSED -> Source.FAIL_CLOSED;
			case LOCAL -> Source.FALLBACK;
		};
	}

}
