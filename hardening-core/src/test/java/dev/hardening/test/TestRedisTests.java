package dev.hardening.test;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(RedisExtension.class)
class TestRedisTests {

	@Test
	void makesALettuceRoundTripAgainstTheSharedServer(TestRedis redis) {
		RedisClient client = RedisClient.create(redis.redisUri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().set("smoke", "ok");

			assertThat(connection.sync().get("smoke")).isEqualTo("ok");
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void theExtensionEmptiesTheDatabaseBeforeEachClass(TestRedis redis) {
		RedisClient client = RedisClient.create(redis.redisUri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().set("left-over", "from another class");

			new RedisExtension().beforeAll(null);

			assertThat(connection.sync().dbsize()).isZero();
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void aDedicatedServerCanCrashAndComeBack() {
		try (TestRedis redis = TestRedis.startDedicated()) {
			RedisClient client = RedisClient.create(redis.redisUri());
			try {
				redis.stop();
				assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(client::connect);

				redis.start();
				try (StatefulRedisConnection<String, String> connection = client.connect()) {
					assertThat(connection.sync().ping()).isEqualTo("PONG");
				}
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
	}

}
