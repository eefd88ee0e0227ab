package dev.hardening.autoconfigure.actuate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Health check settings.
 */
@ConfigurationProperties("hardening.health")
public class HealthProperties {

	/**
	 * Whether to replace the database and Redis health indicators with hardening's, which time
	 * out, run in parallel, one at a time per dependency, and reuse their result for cache-ttl.
	 */
	private boolean enabled = true;

	/**
	 * Longest one check may take; a dependency that does not answer in time is DOWN with the
	 * detail "timeout". Keep it below the probe's own timeout (Kubernetes: timeoutSeconds,
	 * default 1s).
	 */
	private Duration timeout = Duration.ofMillis(800);

	/**
	 * How long a check's result is reused, by every health path (root, groups, probes) and
	 * every caller, before the dependency is asked again.
	 */
	private Duration cacheTtl = Duration.ofSeconds(5);

	/**
	 * Whether the readiness group includes the database and Redis checks, when the application
	 * did not configure management.endpoint.health.group.readiness itself. Liveness never does.
	 */
	private boolean readinessIncludesDependencies = true;

	private final Database db = new Database();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getCacheTtl() {
		return this.cacheTtl;
	}

	public void setCacheTtl(Duration cacheTtl) {
		this.cacheTtl = cacheTtl;
	}

	public boolean isReadinessIncludesDependencies() {
		return this.readinessIncludesDependencies;
	}

	public void setReadinessIncludesDependencies(boolean readinessIncludesDependencies) {
		this.readinessIncludesDependencies = readinessIncludesDependencies;
	}

	public Database getDb() {
		return this.db;
	}

	/**
	 * Database check settings.
	 */
	public static class Database {

		/**
		 * Threads waiting for a pooled connection above which the pool is under pressure.
		 */
		private int maxPendingThreads = 0;

		/**
		 * Longest recent wait for a pooled connection (HikariCP's acquire timer, when Micrometer
		 * is present) above which the pool is under pressure.
		 */
		private Duration maxAcquireTime = Duration.ofMillis(500);

		/**
		 * Status reported while the pool is under pressure, e.g. UP (details only) or
		 * OUT_OF_SERVICE (readiness fails, so the load balancer sends traffic elsewhere).
		 */
		private String pressureStatus = "UP";

		public int getMaxPendingThreads() {
			return this.maxPendingThreads;
		}

		public void setMaxPendingThreads(int maxPendingThreads) {
			this.maxPendingThreads = maxPendingThreads;
		}

		public Duration getMaxAcquireTime() {
			return this.maxAcquireTime;
		}

		public void setMaxAcquireTime(Duration maxAcquireTime) {
			this.maxAcquireTime = maxAcquireTime;
		}

		public String getPressureStatus() {
			return this.pressureStatus;
		}

		public void setPressureStatus(String pressureStatus) {
			this.pressureStatus = pressureStatus;
		}

	}

}
