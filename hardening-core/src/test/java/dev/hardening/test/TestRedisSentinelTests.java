package dev.hardening.test;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's sentinel deployment is a real one: every sentinel knows the primary, its replica
 * and the other sentinels once it has started, and when the primary stops the sentinels promote
 * the replica by themselves, the old primary rejoining as its replica. {@code SENTINEL FAILOVER}
 * ({@link TestRedisSentinel#failover()}) is proven by {@code RedisSentinelFailoverTests}, which
 * runs one under load with a client that must follow it.
 */
class TestRedisSentinelTests {

	@Test
	void startWaitsUntilEverySentinelKnowsTheWholeDeployment() {
		try (TestRedisSentinel sentinel = TestRedisSentinel.start()) {
			int first = sentinel.nodePorts().get(0);
			int second = sentinel.nodePorts().get(1);
			String replication = sentinel.onNode(second, (node) -> node.sync().info("replication"));
			assertThat(replication).contains("role:slave", "master_port:" + first, "master_link_status:up");
			for (int i = 0; i < sentinel.sentinels().size(); i++) {
				Map<String, String> master = sentinel.onSentinel(i,
						(connection) -> connection.sync().master(sentinel.masterName()));
				assertThat(master).containsEntry("port", Integer.toString(first))
					.containsEntry("flags", "master")
					.containsEntry("num-slaves", "1")
					.containsEntry("num-other-sentinels", "2")
					.containsEntry("quorum", "2");
			}
			assertThat(sentinel.currentPrimaryPort()).isEqualTo(first);
			assertThat(sentinel.role(first)).isEqualTo("master");
		}
	}

	@Test
	void whenThePrimaryStopsTheSentinelsPromoteTheReplicaAndTheOldPrimaryRejoinsAsItsReplica() {
		try (TestRedisSentinel sentinel = TestRedisSentinel.start()) {
			int first = sentinel.currentPrimaryPort();
			int second = sentinel.nodePorts().stream().filter((port) -> port != first).findFirst().orElseThrow();

			sentinel.stopNode(first);

			// no SENTINEL FAILOVER: the sentinels agree that the primary is down and fail over themselves
			sentinel.awaitPrimary(second);
			assertThat(sentinel.currentPrimaryPort()).isEqualTo(second);

			sentinel.startNode(first);

			sentinel.awaitReplicaOf(first, second);
		}
	}

}
