package dev.hardening.test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The harness's sentinel deployment is a real one: a client that finds the primary through the
 * sentinels writes to it, and after {@code SENTINEL FAILOVER} the same client writes to the new
 * primary while the old one becomes its replica.
 */
class TestRedisSentinelTests {

	@Test
	void aSentinelClientFollowsAFailoverToTheNewPrimary() {
		try (TestRedisSentinel sentinel = TestRedisSentinel.start()) {
			int before = sentinel.currentPrimaryPort();
			assertThat(sentinel.nodePorts()).hasSize(2).contains(before);
			assertThat(sentinel.role(before)).isEqualTo("master");
			assertThat(sentinel.sentinels()).hasSize(3);
			RedisURI uri = sentinel.sentinelUri();
			assertThat(uri.getSentinels()).hasSize(3);
			assertThat(uri.getSentinelMasterId()).isEqualTo(sentinel.masterName());
			// a command sent while the client reconnects fails after two seconds, and the await tries again
			uri.setTimeout(Duration.ofSeconds(2));
			RedisClient client = RedisClient.create(uri);
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().set("before-failover", "written");
				assertThat(servingPort(connection)).isEqualTo(before);
				// WAIT: the replica has the write before the failover starts
				assertThat(connection.sync().waitForReplication(1, 10_000)).isEqualTo(1);

				int after = sentinel.failover();

				assertThat(after).isNotEqualTo(before);
				assertThat(sentinel.currentPrimaryPort()).isEqualTo(after);
				assertThat(sentinel.role(after)).isEqualTo("master");
				// the write made before the failover is on the replica that is now primary
				String replicated = sentinel.onNode(after, (node) -> node.sync().get("before-failover"));
				assertThat(replicated).isEqualTo("written");
				// until the sentinels demote the old primary the client may still write there; then its
				// connection is closed, and Lettuce reconnects to the primary the sentinels name
				AtomicInteger attempt = new AtomicInteger();
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(100))
					.ignoreExceptions()
					.until(() -> {
						String value = Integer.toString(attempt.incrementAndGet());
						connection.sync().set("after-failover", value);
						return servingPort(connection) == after
								&& value.equals(sentinel.onNode(after, (node) -> node.sync().get("after-failover")));
					});
				// the sentinels turn the old primary into a replica of the new one
				sentinel.awaitReplicaOf(before, after);
				// and it replicates what the client wrote to the new one (replication is asynchronous: awaited)
				String written = Integer.toString(attempt.get());
				await().atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(100))
					.ignoreExceptionsInstanceOf(RedisException.class)
					.until(() -> written.equals(sentinel.onNode(before, (node) -> node.sync().get("after-failover"))));
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}
	}

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

	private static int servingPort(StatefulRedisConnection<String, String> connection) {
		String server = connection.sync().info("server");
		return server.lines()
			.filter((line) -> line.startsWith("tcp_port:"))
			.map((line) -> Integer.parseInt(line.substring("tcp_port:".length()).trim()))
			.findFirst()
			.orElseThrow();
	}

}
