package dev.hardening.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.jspecify.annotations.Nullable;

/**
 * Asks a Redis server how it is, over the shared connection: a {@code PING} timed, then
 * {@code INFO} for which server answered ({@code run_id}), its role, memory and clients, and on a
 * Cluster {@code CLUSTER INFO} for its state. On a Cluster these go to the one
 * node the connection uses for commands without a key. All are subject to the connector's
 * command timeout; a server that does not answer makes {@link #probe()} throw.
 */
public final class RedisProbe {

	private final RedisConnector connector;

	/**
	 * Creates a probe.
	 * @param connector the shared connection
	 */
	public RedisProbe(RedisConnector connector) {
		this.connector = Objects.requireNonNull(connector, "connector must not be null");
	}

	/**
	 * Probes the server.
	 * @return what it answered
	 * @throws RuntimeException what Lettuce throws when Redis is down, slow or refuses
	 */
	public RedisStatus probe() {
		RedisClusterCommands<String, String> commands = this.connector.commands();
		long start = System.nanoTime();
		commands.ping();
		Duration latency = Duration.ofNanos(System.nanoTime() - start);
		Map<String, String> info = parseInfo(commands.info());
		RedisSettings.Topology topology = this.connector.settings().topology();
		String clusterState = (topology == RedisSettings.Topology.CLUSTER)
				? parseInfo(commands.clusterInfo()).getOrDefault("cluster_state", "unknown") : null;
		return RedisStatus.of(latency, info, topology, clusterState);
	}

	static Map<String, String> parseInfo(String info) {
		Map<String, String> fields = new HashMap<>();
		for (String line : info.split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("#")) {
				fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		}
		return fields;
	}

	/**
	 * What a Redis server said about itself. Numbers it did not report are {@code -1}.
	 *
	 * @param pingLatency how long {@code PING} took, from this process
	 * @param topology how Redis is deployed
	 * @param runId the answering server's {@code run_id}: which server process it is, without its
	 * address (it changes when the server restarts, and differs between a primary and its replica)
	 * @param clusterState on a Cluster, the answering node's {@code cluster_state} ({@code ok} or
	 * {@code fail}); {@code null} otherwise
	 * @param version the server's version
	 * @param role {@code master} or {@code slave} (Redis's own words)
	 * @param usedMemory bytes the server uses for data
	 * @param maxMemory its {@code maxmemory}; {@code 0} when unlimited
	 * @param connectedClients clients connected now
	 * @param blockedClients clients blocked on a blocking command now
	 * @param rejectedConnections connections refused for {@code maxclients} since the server started
	 */
	public record RedisStatus(Duration pingLatency, RedisSettings.Topology topology, String runId,
			@Nullable String clusterState, String version, String role, long usedMemory, long maxMemory,
			long connectedClients, long blockedClients, long rejectedConnections) {

		static RedisStatus of(Duration latency, Map<String, String> info, RedisSettings.Topology topology,
				@Nullable String clusterState) {
			return new RedisStatus(latency, topology, info.getOrDefault("run_id", "unknown"), clusterState, info.getOrDefault("redis_version", "unknown"),
					info.getOrDefault("role", "unknown"), number(info, "used_memory"), number(info, "maxmemory"),
					number(info, "connected_clients"), number(info, "blocked_clients"),
					number(info, "rejected_connections"));
		}

		private static long number(Map<String, String> info, String field) {
			try {
				return Long.parseLong(info.getOrDefault(field, "-1"));
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}

		/**
		 * Returns the share of {@code maxmemory} in use.
		 * @return between 0 and 1 (or above, briefly), or {@code -1} when there is no limit
		 */
		public double memoryUsage() {
			return (this.maxMemory > 0 && this.usedMemory >= 0) ? (double) this.usedMemory / this.maxMemory : -1;
		}

	}

}
