package dev.hardening.test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's cluster is a real one: three primaries serving all 16,384 slots between them, and
 * a cluster client's keys land on all three.
 */
class TestRedisClusterTests {

	@Test
	void threePrimariesServeEverySlotAndKeysSpreadOverThem() {
		try (TestRedisCluster cluster = TestRedisCluster.start()) {
			RedisClusterClient client = RedisClusterClient.create(cluster.nodes());
			try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
				assertThat(connection.getPartitions().getPartitions()).hasSize(3)
					.allSatisfy((node) -> assertThat(node.is(RedisClusterNode.NodeFlag.UPSTREAM)).isTrue());
				Set<String> owners = new HashSet<>();
				for (int i = 0; i < 300; i++) {
					String key = "key-" + i;
					connection.sync().set(key, Integer.toString(i));
					assertThat(connection.sync().get(key)).isEqualTo(Integer.toString(i));
					owners.add(connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)).getNodeId());
				}
				assertThat(owners).hasSize(3);
				// a hash tag keeps keys on one slot, as multi-key scripts need
				assertThat(SlotHash.getSlot("{hardening:limit}:a")).isEqualTo(SlotHash.getSlot("{hardening:limit}:b"));
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
	}

}
