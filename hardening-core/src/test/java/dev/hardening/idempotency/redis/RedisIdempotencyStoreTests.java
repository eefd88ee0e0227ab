package dev.hardening.idempotency.redis;

import java.time.Duration;

import dev.hardening.idempotency.Acquisition;
import dev.hardening.idempotency.IdempotencyStore;
import dev.hardening.idempotency.IdempotencyStoreContractTests;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RedisExtension.class)
class RedisIdempotencyStoreTests extends IdempotencyStoreContractTests {

	private final TestRedis redis;

	private RedisConnector connector;

	private IdempotencyStore store;

	RedisIdempotencyStoreTests(TestRedis redis) {
		this.redis = redis;
	}

	@BeforeEach
	void connect() {
		this.redis.flush();
		this.connector = RedisConnector
			.create(RedisSettings.builder(this.redis.uri().toString()).commandTimeout(Duration.ofSeconds(10)).build());
		this.store = RedisIdempotencyStore.create(this.connector, "test:idem");
	}

	@AfterEach
	void close() {
		this.connector.close();
	}

	@Override
	protected IdempotencyStore store() {
		return this.store;
	}

	@Override
	protected void expire(String key) {
		// an expiry time in the past deletes the key at once, as its running out would
		assertThat(commands().pexpireat("test:idem:" + key, 1)).isTrue();
	}

	@Override
	protected int racingRounds() {
		return 500;
	}

	@Test
	void aHeldKeyLivesForItsLeaseAndACompletedOneForItsRetention() {
		Acquisition.Acquired acquired = (Acquisition.Acquired) this.store.acquire("ttl", FINGERPRINT,
				Duration.ofSeconds(30));
		assertThat(commands().pttl("test:idem:ttl")).isBetween(1L, 30_000L);

		this.store.complete("ttl", acquired.owner(), FINGERPRINT, CREATED, Duration.ofHours(24));
		assertThat(commands().pttl("test:idem:ttl")).isBetween(Duration.ofHours(23).toMillis(),
				Duration.ofHours(24).toMillis());
	}

	@Test
	void twoInstancesShareTheKeys() {
		try (RedisConnector other = RedisConnector.create(RedisSettings.builder(this.redis.uri().toString()).build())) {
			IdempotencyStore second = RedisIdempotencyStore.create(other, "test:idem");
			Acquisition.Acquired acquired = (Acquisition.Acquired) this.store.acquire("shared", FINGERPRINT, LEASE);

			assertThat(second.acquire("shared", FINGERPRINT, LEASE)).isInstanceOf(Acquisition.InProgress.class);
			this.store.complete("shared", acquired.owner(), FINGERPRINT, CREATED, RETENTION);
			assertThat(second.acquire("shared", FINGERPRINT, LEASE))
				.isEqualTo(new Acquisition.Completed(FINGERPRINT, CREATED));
		}
	}

	@Test
	void aValueItDidNotWriteIsAnErrorNotAReplay() {
		commands().set("test:idem:foreign", "not ours");

		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> this.store.acquire("foreign", FINGERPRINT, LEASE));
	}

	private RedisClusterCommands<String, String> commands() {
		return this.connector.commands();
	}

}
