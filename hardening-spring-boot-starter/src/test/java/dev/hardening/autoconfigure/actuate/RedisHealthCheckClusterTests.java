package dev.hardening.autoconfigure.actuate;

import java.time.Duration;

import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisProbe;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedisCluster;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis health check on a real Cluster of the test's own, which the test breaks: the topology
 * and the Cluster's state, and {@code DOWN} once a slot is served by no node.
 */
class RedisHealthCheckClusterTests {

	@Test
	void showsTheClusterAndGoesDownWhenItsStateIsFail() {
		try (TestRedisCluster cluster = TestRedisCluster.start();
				RedisConnector connector = RedisConnector
					.create(RedisSettings.cluster(cluster.addresses()).commandTimeout(Duration.ofSeconds(5)).build())) {
			RedisHealthCheck check = new RedisHealthCheck(new RedisProbe(connector));
			Health healthy = check.health();
			assertThat(healthy.getStatus()).isEqualTo(Status.UP);
			assertThat(healthy.getDetails()).containsEntry("topology", "cluster").containsEntry("clusterState", "ok");
			assertThat((String) healthy.getDetails().get("nodeRunId")).matches("[0-9a-f]{40}");

			// a slot served by no node: with full coverage required (the default), the Cluster stops serving
			// (each node keeps its own view of who serves a slot: every node is told)
			for (int i = 0; i < 3; i++) {
				cluster.onNode(i, (connection) -> connection.sync().clusterDelSlots(0));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (int i = 0; i < 3; i++) {
					String info = cluster.onNode(i, (connection) -> connection.sync().clusterInfo());
					if (!info.contains("cluster_state:fail")) {
						return false;
					}
				}
				return true;
			});

			Health broken = check.health();
			assertThat(broken.getStatus()).isEqualTo(Status.DOWN);
			assertThat(broken.getDetails()).containsEntry("clusterState", "fail");
		}
	}

}
