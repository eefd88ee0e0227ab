package dev.hardening.test;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(RedisExtension.class)
class FaultProxyTests {

	@Test
	void heldTrafficIsForwardedInOrderOnceReleasedAndNoneIsLost(TestRedis redis) {
		try (FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
			RedisClient client = RedisClient.create(timingOutAfter200Millis(proxy));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				proxy.hold();
				// held for as long as the test likes: the client's own timeout ends the wait
				assertThatExceptionOfType(RedisCommandTimeoutException.class)
					.isThrownBy(() -> connection.sync().incr("fault-proxy:held"));

				proxy.release();

				// had the INCR been dropped (a black hole), its answer would be missing and this
				// command would get none
				assertThat(connection.sync().get("fault-proxy:held")).isEqualTo("1");
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
	}

	@Test
	void aBlackHoleLosesWhatItSwallows(TestRedis redis) {
		try (FaultProxy proxy = FaultProxy.start(redis.host(), redis.port())) {
			RedisClient client = RedisClient.create(timingOutAfter200Millis(proxy));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				proxy.blackHole();
				assertThatExceptionOfType(RedisCommandTimeoutException.class)
					.isThrownBy(() -> connection.sync().incr("fault-proxy:swallowed"));

				proxy.heal();

				// the swallowed INCR never reached Redis; its missing answer leaves this one unmatched
				assertThatExceptionOfType(RedisCommandTimeoutException.class)
					.isThrownBy(() -> connection.sync().get("fault-proxy:swallowed"));
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
	}

	private static RedisURI timingOutAfter200Millis(FaultProxy proxy) {
		return RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port()).withTimeout(Duration.ofMillis(200)).build();
	}

}
