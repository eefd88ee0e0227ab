package dev.hardening.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hardening.redis.RedisProbe;
import dev.hardening.redis.RedisProbe.RedisStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Checks the Redis the starter shares: its topology and the node that answered, by its
 * {@code run_id} rather than its address ({@code DOWN} when a Cluster node reports
 * {@code cluster_state:fail}), {@code PING} latency, role, memory against {@code maxmemory}, and
 * clients. A failure propagates, and {@link HealthChecks} turns it into
 * {@code DOWN} without the message (which names the host).
 */
final class RedisHealthCheck implements HealthIndicator {

	private final RedisProbe probe;

	RedisHealthCheck(RedisProbe probe) {
		this.probe = probe;
	}

	@Override
	public Health health() {
		RedisStatus status = this.probe.probe();
		Map<String, Object> memory = new LinkedHashMap<>();
		memory.put("used", status.usedMemory());
		memory.put("max", status.maxMemory());
		if (status.memoryUsage() >= 0) {
			memory.put("usage", Math.round(status.memoryUsage() * 1000) / 1000.0);
		}
		Map<String, Object> clients = new LinkedHashMap<>();
		clients.put("connected", status.connectedClients());
		clients.put("blocked", status.blockedClients());
		clients.put("rejected", status.rejectedConnections());
		Health.Builder health = "fail".equals(status.clusterState()) ? Health.down() : Health.up();
		health.withDetail("topology", status.topology().name().toLowerCase(java.util.Locale.ROOT))
			.withDetail("nodeRunId", status.runId());
		if (status.clusterState() != null) {
			health.withDetail("clusterState", status.clusterState());
		}
		return health.withDetail("version", status.version())
			.withDetail("role", status.role())
			.withDetail("pingMillis", Math.round(status.pingLatency().toNanos() / 100_000.0) / 10.0)
			.withDetail("memory", memory)
			.withDetail("clients", clients)
			.build();
	}

}
