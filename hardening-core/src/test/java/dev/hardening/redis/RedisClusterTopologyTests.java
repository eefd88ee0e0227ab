package dev.hardening.redis;

import java.time.Duration;

import dev.hardening.ratelimit.RateLimitDecision.Source;
import dev.hardening.ratelimit.RateLimitPolicy;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.ratelimit.redis.RedisRateLimiter;
import dev.hardening.test.TestRedisCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Cluster whose slots move while the connector runs: a Cluster of the test's own, since the
 * test changes who serves a slot.
 */
class RedisClusterTopologyTests {

	private static TestRedisCluster cluster;

	@BeforeAll
	static void start() {
		cluster = TestRedisCluster.start();
	}

	@AfterAll
	static void stop() {
		cluster.close();
	}

	@Test
	void aDecisionForAKeyWhoseSlotMovedFollowsTheSlotToItsNewNode() {
		RateLimitPolicy policy = RateLimitPolicy.of("p", 100, Duration.ofDays(1000));
		String key = "moved";
		int slot = SlotHash.getSlot("test:rl:p:" + key);
		int from = cluster.nodeOfSlot(slot);
		int to = (from + 1) % 3;
		try (RedisConnector connector = RedisConnector
			.create(RedisSettings.cluster(cluster.addresses()).commandTimeout(Duration.ofSeconds(5)).build())) {
			RateLimiter limiter = RedisRateLimiter.create(connector, "test:rl");
			// the connector has read the topology and holds connections to the nodes
			for (int i = 0; i < 30; i++) {
				assertThat(limiter.tryAcquire(policy, "warm-" + i).allowed()).isTrue();
			}

			// the slot is empty: every node is told it now belongs to another one
			String target = cluster.onNode(to, (connection) -> connection.sync().clusterMyId());
			for (int i = 0; i < 3; i++) {
				cluster.onNode(i, (connection) -> connection.sync().clusterSetSlotNode(slot, target));
			}

			for (int i = 0; i < 10; i++) {
				assertThat(limiter.tryAcquire(policy, key).remaining()).isEqualTo(100 - 1 - i);
			}
			Long onNewNode = cluster.onNode(to, (connection) -> connection.sync().clusterCountKeysInSlot(slot));
			Long onOldNode = cluster.onNode(from, (connection) -> connection.sync().clusterCountKeysInSlot(slot));
			assertThat(onNewNode).isOne();
			assertThat(onOldNode).isZero();
		}
	}

}
