package dev.hardening.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hardening.redis.RedisProbe.RedisStatus;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import dev.hardening.test.TestRedisCluster;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(RedisExtension.class)
class RedisProbeTests {

	@Test
	void reportsWhatTheServerSaysAboutItself(TestRedis redis) {
		try (RedisConnector connector = RedisConnector.create(RedisSettings.builder(redis.uri().toString()).build())) {
			RedisStatus status = new RedisProbe(connector).probe();

			assertThat(status.role()).isEqualTo("master");
			assertThat(status.topology()).isEqualTo(RedisSettings.Topology.STANDALONE);
			assertThat(status.clusterState()).isNull();
			assertThat(status.runId()).isEqualTo(runId(connector.commands().info("server")));
			assertThat(status.version()).matches("\\d+\\.\\d+.*");
			assertThat(status.usedMemory()).isPositive();
			assertThat(status.connectedClients()).isPositive();
			assertThat(status.blockedClients()).isZero();
			assertThat(status.rejectedConnections()).isGreaterThanOrEqualTo(0);
			assertThat(status.pingLatency()).isPositive();
		}
	}

	@Test
	void reportsTheClusterNodeThatAnsweredAndTheClusterState() {
		TestRedisCluster cluster = TestRedisCluster.shared();
		try (RedisConnector connector = RedisConnector.create(RedisSettings.cluster(cluster.addresses()).build())) {
			RedisStatus status = new RedisProbe(connector).probe();

			assertThat(status.topology()).isEqualTo(RedisSettings.Topology.CLUSTER);
			assertThat(status.clusterState()).isEqualTo("ok");
			List<String> nodes = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				nodes.add(runId(cluster.onNode(i, (node) -> node.sync().info("server"))));
			}
			assertThat(status.runId()).isIn(nodes);
			assertThat(status.role()).isEqualTo("master");
		}
	}

	@Test
	void failsWhenRedisIsDown() {
		TestRedis redis = TestRedis.startDedicated();
		try (RedisConnector connector = RedisConnector.create(RedisSettings.builder(redis.uri().toString()).build())) {
			redis.stop();
			assertThatExceptionOfType(RedisException.class).isThrownBy(() -> new RedisProbe(connector).probe());
		}
		finally {
			redis.close();
		}
	}

	@Test
	void readsInfoFieldsAndLeavesMissingNumbersUnknown() {
		Map<String, String> info = RedisProbe
			.parseInfo("# Memory\r\nused_memory:1024\r\nmaxmemory:4096\r\n\r\n# Replication\r\nrole:slave\r\n");
		RedisStatus status = RedisStatus.of(Duration.ofMillis(1), info, RedisSettings.Topology.STANDALONE, null);

		assertThat(status.role()).isEqualTo("slave");
		assertThat(status.memoryUsage()).isEqualTo(0.25);
		assertThat(status.connectedClients()).isEqualTo(-1);
		assertThat(status.version()).isEqualTo("unknown");
	}

	/** A server's {@code run_id}, from its {@code INFO server}: which process it is. */
	static String runId(String serverInfo) {
		return RedisProbe.parseInfo(serverInfo).get("run_id");
	}

}
