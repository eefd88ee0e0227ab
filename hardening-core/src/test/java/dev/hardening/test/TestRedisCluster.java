package dev.hardening.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster for tests: three primaries started from the {@code redis-server} of the
 * {@code embedded-redis} artifact (the same binary as {@link TestRedis}), on free loopback ports,
 * each with its cluster state in a temporary directory of its own, joined with
 * {@code CLUSTER MEET} and given a third of the 16,384 slots each with {@code CLUSTER ADDSLOTS}.
 * {@link #start()} returns once every node reports {@code cluster_state:ok}. No replicas.
 */
public final class TestRedisCluster implements AutoCloseable {

	/** The slots of a Redis Cluster. */
	public static final int SLOTS = 16_384;

	/** How far above its port a node listens for the other nodes (Redis's fixed cluster bus offset). */
	private static final int BUS_PORT_OFFSET = 10_000;

	private static @Nullable TestRedisCluster shared;

	private final List<RedisServer> servers;

	private final List<RedisURI> nodes;

	private final Path directory;

	private TestRedisCluster(List<RedisServer> servers, List<RedisURI> nodes, Path directory) {
		this.servers = servers;
		this.nodes = nodes;
		this.directory = directory;
	}

	/**
	 * Returns the cluster shared by all tests of this JVM, starting it on first use; tests keep
	 * their keys apart by prefix, or call {@link #flushAll()} first.
	 * @return the shared cluster
	 */
	public static synchronized TestRedisCluster shared() {
		if (shared == null) {
			TestRedisCluster cluster = start();
			Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "test-redis-cluster-shutdown"));
			shared = cluster;
		}
		return shared;
	}

	/**
	 * Starts a cluster of three primaries and waits until it serves every slot.
	 * @return the running cluster; the caller closes it
	 */
	public static TestRedisCluster start() {
		List<RedisServer> servers = new ArrayList<>();
		List<RedisURI> nodes = new ArrayList<>();
		Path directory;
		try {
			directory = Files.createTempDirectory("test-redis-cluster");
			for (int i = 0; i < 3; i++) {
				RedisServer server = startNode(directory);
				servers.add(server);
				nodes.add(RedisURI.create("127.0.0.1", server.ports().get(0)));
			}
		}
		catch (IOException ex) {
			servers.forEach(TestRedisCluster::stopQuietly);
			throw new IllegalStateException("Could not start the redis-server processes of a test cluster", ex);
		}
		TestRedisCluster cluster = new TestRedisCluster(servers, nodes, directory);
		try {
			cluster.form();
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
		return cluster;
	}

	/**
	 * Starts a cluster node on a port whose cluster bus port (ten thousand above it) is free too;
	 * another process may take either between choosing and binding them, so a node that cannot bind
	 * is tried again on other ports.
	 */
	private static RedisServer startNode(Path directory) throws IOException {
		IOException failure = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			int port = freePortWithFreeBusPort();
			Path node = Files.createDirectories(directory.resolve("node-" + port));
			RedisServer server = RedisServer.newRedisServer()
				.bind("127.0.0.1")
				.port(port)
				.setting("cluster-enabled yes")
				.setting("cluster-config-file " + node.resolve("nodes.conf"))
				.setting("cluster-node-timeout 5000")
				.setting("dir " + node)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			try {
				server.start();
				return server;
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	private static int freePortWithFreeBusPort() {
		while (true) {
			int port = TestRedis.freePort();
			if (port + BUS_PORT_OFFSET <= 65535 && TestRedis.isFree(port + BUS_PORT_OFFSET)) {
				return port;
			}
		}
	}

	private void form() {
		int third = SLOTS / 3;
		for (int i = 0; i < this.nodes.size(); i++) {
			int first = i * third;
			int last = (i == this.nodes.size() - 1) ? SLOTS - 1 : first + third - 1;
			int node = i;
			onNode(i, (connection) -> {
				if (node > 0) {
					connection.sync().clusterMeet("127.0.0.1", this.nodes.get(0).getPort());
				}
				connection.sync().clusterAddSlots(IntStream.rangeClosed(first, last).toArray());
				return null;
			});
		}
		// gossip takes a moment: wait (polling, bounded) until every node sees all three and every slot
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			for (int i = 0; i < this.nodes.size(); i++) {
				String info = onNode(i, (connection) -> connection.sync().clusterInfo());
				if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:3")
						|| !info.contains("cluster_slots_ok:" + SLOTS)) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * Runs a command on one node, outside the cluster's routing.
	 * @param <T> what it returns
	 * @param node the node's index, 0 to 2
	 * @param command the command
	 * @return what it returned
	 */
	public <T> T onNode(int node, java.util.function.Function<StatefulRedisConnection<String, String>, T> command) {
		RedisClient client = RedisClient.create(this.nodes.get(node));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return command.apply(connection);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Deletes every key on every node and resets their command statistics.
	 */
	public void flushAll() {
		for (int i = 0; i < this.nodes.size(); i++) {
			onNode(i, (connection) -> {
				connection.sync().flushall();
				return connection.sync().configResetstat();
			});
		}
	}

	/**
	 * Resets every node's command statistics ({@code CONFIG RESETSTAT}).
	 */
	public void resetStats() {
		for (int i = 0; i < this.nodes.size(); i++) {
			onNode(i, (connection) -> connection.sync().configResetstat());
		}
	}

	/**
	 * Returns how often a command ran on all nodes together since the last reset, from each
	 * node's {@code INFO commandstats} (commands a script runs count too).
	 * @param command the command, in lower case: {@code evalsha}
	 * @return the calls
	 */
	public long calls(String command) {
		long calls = 0;
		String prefix = "cmdstat_" + command + ":calls=";
		for (int i = 0; i < this.nodes.size(); i++) {
			String stats = onNode(i, (connection) -> connection.sync().info("commandstats"));
			for (String line : stats.split("\r?\n")) {
				if (line.startsWith(prefix)) {
					calls += Long.parseLong(line.substring(prefix.length(), line.indexOf(',')));
				}
			}
		}
		return calls;
	}

	/**
	 * Returns the index of the node that serves a slot (each node has a third of them, in order).
	 * @param slot the slot, 0 to 16,383
	 * @return the node's index, 0 to 2
	 */
	public int nodeOfSlot(int slot) {
		return Math.min(slot / (SLOTS / 3), this.nodes.size() - 1);
	}

	/**
	 * Returns the nodes' addresses as {@code host:port}, as settings and properties take them.
	 * @return the addresses
	 */
	public List<String> addresses() {
		return this.nodes.stream().map((uri) -> uri.getHost() + ":" + uri.getPort()).toList();
	}

	/**
	 * Returns the nodes' addresses, for a {@code RedisClusterClient}.
	 * @return copies of the Lettuce URIs
	 */
	public List<RedisURI> nodes() {
		return this.nodes.stream().map((uri) -> RedisURI.builder(uri).build()).toList();
	}

	@Override
	public void close() {
		this.servers.forEach(TestRedisCluster::stopQuietly);
		try (var files = Files.walk(this.directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind is not a test failure
		}
	}

	private static void stopQuietly(RedisServer server) {
		try {
			if (server.isActive()) {
				server.stop();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
