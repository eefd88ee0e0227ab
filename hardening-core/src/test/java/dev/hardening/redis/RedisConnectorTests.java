package dev.hardening.redis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.StringCodec;
import dev.hardening.cache.TieredCache;
import dev.hardening.cache.redis.RedisTier;
import dev.hardening.idempotency.redis.RedisIdempotencyStore;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.redis.RedisRateLimiter;
import dev.hardening.test.FaultProxy;
import dev.hardening.test.TestRedis;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The shared connection against a Redis of the test's own, which the tests pause, stop and
 * restart.
 */
class RedisConnectorTests {

	private TestRedis redis;

	private RedisConnector connector;

	@BeforeEach
	void start() {
		this.redis = TestRedis.startDedicated();
		this.connector = RedisConnector.create(settings(this.redis.port()));
	}

	@AfterEach
	void stop() {
		this.connector.close();
		this.redis.close();
	}

	@Test
	void failsACommandAfterTheCommandTimeoutWhenRedisHangs() {
		assertThat(this.connector.commands().ping()).isEqualTo("PONG");
		pauseRedis(Duration.ofSeconds(2));

		assertThatExceptionOfType(RedisCommandTimeoutException.class)
			.isThrownBy(() -> this.connector.commands().ping());
	}

	@Test
	void failsACommandAfterTheCommandTimeoutWhenTheNetworkSwallowsIt() {
		try (FaultProxy proxy = FaultProxy.start("127.0.0.1", this.redis.port());
				RedisConnector proxied = RedisConnector.create(settings(proxy.port()))) {
			assertThat(proxied.commands().ping()).isEqualTo("PONG");
			proxy.blackHole();

			assertThatExceptionOfType(RedisCommandTimeoutException.class)
				.isThrownBy(() -> proxied.commands().ping());
		}
	}

	@Test
	void replacesAConnectionWhoseCommandsKeepTimingOut() {
		try (FaultProxy proxy = FaultProxy.start("127.0.0.1", this.redis.port());
				RedisConnector proxied = RedisConnector.create(settingsBuilder(proxy.port()).timeoutsBeforeReconnect(3).build())) {
			assertThat(proxied.commands().ping()).isEqualTo("PONG");
			proxy.stallOpenConnections();
			for (int i = 0; i < 3; i++) {
				RedisCommandTimeoutException timeout = catchThrowableOfType(RedisCommandTimeoutException.class,
						() -> proxied.commands().ping());
				assertThat(proxied.reconnectsAfterTimeouts()).isZero();
				proxied.commandEnded(timeout);
			}

			assertThat(proxied.reconnectsAfterTimeouts()).isOne();
			assertThat(proxied.commands().ping()).isEqualTo("PONG");
		}
	}

	@Test
	void keepsAConnectionWhoseTimeoutsAreNotInARow() {
		try (FaultProxy proxy = FaultProxy.start("127.0.0.1", this.redis.port());
				RedisConnector proxied = RedisConnector.create(settingsBuilder(proxy.port()).timeoutsBeforeReconnect(2).build())) {
			RedisClusterCommands<String, String> commands = proxied.commands();
			for (int i = 0; i < 5; i++) {
				proxied.commandEnded(new RedisCommandTimeoutException("timed out"));
				proxied.commandEnded(null);
			}

			assertThat(proxied.reconnectsAfterTimeouts()).isZero();
			assertThat(proxied.commands()).isSameAs(commands);
		}
	}

	@Test
	void rejectsCommandsAtOnceWhileDisconnectedInsteadOfQueueingThem() {
		RedisClusterCommands<String, String> commands = this.connector.commands();
		this.redis.stop();
		await().until(() -> !this.connector.isConnected());

		assertThatExceptionOfType(RedisException.class).isThrownBy(commands::ping)
			.isNotInstanceOf(RedisCommandTimeoutException.class)
			.withMessageContaining("not connected");
	}

	@Test
	void reconnectsByItselfWhenRedisComesBack() {
		this.connector.commands().ping();
		this.redis.stop();
		await().until(() -> !this.connector.isConnected());

		this.redis.start();

		await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
			.until(() -> "PONG".equals(this.connector.commands().ping()));
		assertThat(this.connector.isConnected()).isTrue();
	}

	@Test
	void startsWithoutRedisAndConnectsOnceItIsThere() throws Exception {
		int port;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		try (RedisConnector early = RedisConnector.create(settings(port))) {
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(early::commands);
			assertThat(early.isConnected()).isFalse();

			try (TestRedis late = TestRedis.startDedicatedOn(port)) {
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
					.until(() -> "PONG".equals(early.commands().ping()));
			}
		}
	}

	@Test
	void namesItsConnection() {
		this.connector.commands().ping();
		RedisClient client = RedisClient.create(this.redis.redisUri());
		try (StatefulRedisConnection<String, String> admin = client.connect()) {
			assertThat(admin.sync().clientList()).contains("name=hardening");
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void everyBackendTogetherOpensThreeConnections() {
		RateLimitPolicy policy = RateLimitPolicy.of("p", 10, Duration.ofMinutes(1));
		try (RedisTier tier = RedisTier.create(this.connector, new StringCodec(), "count",
				RedisBreaker.create("cache", Duration.ofSeconds(1)))) {
			RedisRateLimiter.create(this.connector, "count:rl").tryAcquire(policy, "k");
			TieredCache cache = TieredCache.builder("c", CacheSpec.builder(Duration.ofMinutes(1)).build())
				.remote(tier)
				.build();
			cache.get("k", () -> "v");
			RedisIdempotencyStore.create(this.connector, "count:idem")
				.acquire("key", "a".repeat(43), Duration.ofSeconds(10));

			RedisClient client = RedisClient.create(this.redis.redisUri());
			try (StatefulRedisConnection<String, String> admin = client.connect()) {
				// text (limiter), binary (cache values, idempotency records), publish/subscribe (invalidations)
				assertThat(admin.sync().clientList().lines().filter((line) -> line.contains(" name=hardening ")))
					.hasSize(3);
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
	}

	@Test
	void authenticatesAsAnAclUser() {
		RedisClient client = RedisClient.create(this.redis.redisUri());
		try (StatefulRedisConnection<String, String> admin = client.connect()) {
			admin.sync()
				.aclSetuser("app",
						AclSetuserArgs.Builder.on().addPassword("s3cret").allKeys().allChannels().allCommands());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
		try (RedisConnector app = RedisConnector
			.create(settingsBuilder(this.redis.port()).credentials("app", "s3cret".toCharArray()).build());
				RedisConnector wrong = RedisConnector
					.create(settingsBuilder(this.redis.port()).credentials("app", "guess".toCharArray()).build())) {
			assertThat(app.commands().aclWhoami()).isEqualTo("app");
			assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(() -> wrong.commands().ping());
		}
	}

	@Test
	void settingsRejectBadValuesAndNeverPrintTheUri() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisSettings.builder("http://localhost"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisSettings.builder("redis://localhost").commandTimeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(
				() -> RedisSettings.builder("redis://localhost").reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)));
		assertThat(RedisSettings.builder("redis://user:hunter2@localhost").build().toString()).doesNotContain("hunter2");
	}

	private void pauseRedis(Duration duration) {
		RedisClient client = RedisClient.create(this.redis.redisUri());
		try (StatefulRedisConnection<String, String> admin = client.connect()) {
			admin.sync().clientPause(duration.toMillis());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static RedisSettings settings(int port) {
		return settingsBuilder(port).build();
	}

	private static RedisSettings.Builder settingsBuilder(int port) {
		return RedisSettings.builder("redis://127.0.0.1:" + port)
			.commandTimeout(Duration.ofMillis(250))
			.connectTimeout(Duration.ofMillis(100))
			.reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200));
	}

}
