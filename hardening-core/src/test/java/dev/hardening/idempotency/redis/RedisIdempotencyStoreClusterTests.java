package dev.hardening.idempotency.redis;

import java.time.Duration;

import dev.hardening.idempotency.IdempotencyStore;
import dev.hardening.idempotency.IdempotencyStoreContractTests;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedisCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis idempotency store's whole contract (racing retries included) on a real three-primary
 * Redis Cluster: each key is one script on the node of its slot.
 */
class RedisIdempotencyStoreClusterTests extends IdempotencyStoreContractTests {

	private final TestRedisCluster cluster = TestRedisCluster.shared();

	private RedisConnector connector;

	private IdempotencyStore store;

	@BeforeEach
	void connect() {
		this.cluster.flushAll();
		// these tests are about outcomes, not timeouts: a loaded machine must not fail them at 250 ms
		this.connector = RedisConnector.create(
				RedisSettings.cluster(this.cluster.addresses()).commandTimeout(Duration.ofSeconds(10)).build());
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
		assertThat(this.connector.commands().pexpireat("test:idem:" + key, 1)).isTrue();
	}

	@Override
	protected int racingRounds() {
		return 200;
	}

}
