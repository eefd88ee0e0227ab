package dev.hardening.autoconfigure.actuate;

import java.util.List;

import dev.hardening.autoconfigure.actuate.Finding.Severity;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;

/**
 * What the report says of how the starter reaches Redis: in plain text to a host other than this
 * one ({@code HR-REDIS-PLAINTEXT}), or to a Cluster whose topology is never refreshed on a
 * schedule ({@code HR-REDIS-CLUSTER-REFRESH}).
 */
final class RedisTransportFindings {

	private RedisTransportFindings() {
	}

	static void add(RedisConnector connector, List<Finding> findings) {
		RedisSettings settings = connector.settings();
		if (!settings.tls()) {
			if (settings.hosts().stream().anyMatch((host) -> !ConfigurationAudit.isLocal(host))) {
				// like every finding, without the address: the report may be read more widely than the config
				findings.add(new Finding("HR-REDIS-PLAINTEXT", Severity.MEDIUM,
						"Redis is reached in plain text on another host: its password, keys and cached values "
								+ "cross the network readable",
						"Use TLS: a rediss:// URL, or hardening.redis.ssl.enabled=true for a Cluster or Sentinel "
								+ "(with hardening.redis.ssl.bundle for a private certificate authority)"));
			}
		}
		if (settings.topology() == RedisSettings.Topology.CLUSTER && settings.clusterRefreshPeriod().isZero()) {
			findings.add(new Finding("HR-REDIS-CLUSTER-REFRESH", Severity.LOW,
					"hardening.redis.cluster.refresh-period is 0: the Cluster's topology is read again only when a "
							+ "node answers MOVED or ASK or a connection drops, so a node added or a replica promoted "
							+ "in the meantime is not seen",
					"Leave hardening.redis.cluster.refresh-period at its default (30s) or another positive period"));
		}
	}

}
