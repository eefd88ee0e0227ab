package dev.hardening.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hardening.redis.RedisSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Redis connection settings. Redis is used when {@code url}, {@code cluster.nodes} or
 * {@code sentinel.master} is set here, or when the application configures Spring Data Redis
 * ({@code spring.data.redis.url}, {@code .host}, {@code .cluster.nodes} or
 * {@code .sentinel.master}).
 */
@ConfigurationProperties("hardening.redis")
public class HardeningRedisProperties {

	/**
	 * Whether to use Redis when it is configured. When false, every capability keeps its local
	 * backend.
	 */
	private boolean enabled = true;

	/**
	 * Redis URI of one server, such as redis://user:secret@cache.internal:6379/0 or rediss:// for
	 * TLS. When neither this, cluster.nodes nor sentinel.master is set, spring.data.redis.* is
	 * used if the application configures it.
	 */
	private @Nullable String url;

	/**
	 * User to authenticate as (Redis 6 ACL), for a Cluster or Sentinel, or a URL without one.
	 */
	private @Nullable String username;

	/**
	 * Password to authenticate with, for a Cluster or Sentinel, or a URL without one.
	 */
	private @Nullable String password;

	/**
	 * Longest time a Redis command may take before it fails and the capability's fail mode
	 * applies.
	 */
	private Duration commandTimeout = Duration.ofMillis(250);

	/**
	 * Longest time a connection attempt may take.
	 */
	private Duration connectTimeout = Duration.ofMillis(100);

	/**
	 * Reconnection backoff.
	 */
	private final Reconnect reconnect = new Reconnect();

	/**
	 * Name the connection gives itself (CLIENT SETNAME), to tell it apart in CLIENT LIST.
	 */
	private String clientName = "hardening";

	/**
	 * A Redis Cluster.
	 */
	private final Cluster cluster = new Cluster();

	/**
	 * A primary found through Sentinel.
	 */
	private final Sentinel sentinel = new Sentinel();

	/**
	 * TLS.
	 */
	private final Ssl ssl = new Ssl();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public String getClientName() {
		return this.clientName;
	}

	public void setClientName(String clientName) {
		this.clientName = clientName;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public Sentinel getSentinel() {
		return this.sentinel;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public static class Reconnect {

		/**
		 * Shortest wait between reconnection attempts.
		 */
		private Duration minDelay = Duration.ofMillis(50);

		/**
		 * Longest wait between reconnection attempts.
		 */
		private Duration maxDelay = Duration.ofSeconds(5);

		/**
		 * Commands in a row that may time out before the connection is closed and a new one
		 * opened: a connection stalled in the network otherwise waits hours for TCP keep-alive.
		 */
		private int afterTimeouts = RedisSettings.DEFAULT_TIMEOUTS_BEFORE_RECONNECT;

		public Duration getMinDelay() {
			return this.minDelay;
		}

		public void setMinDelay(Duration minDelay) {
			this.minDelay = minDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public int getAfterTimeouts() {
			return this.afterTimeouts;
		}

		public void setAfterTimeouts(int afterTimeouts) {
			this.afterTimeouts = afterTimeouts;
		}

	}

	public static class Cluster {

		/**
		 * Some nodes of the Cluster, host:port each; the others are learned from them.
		 */
		private List<String> nodes = new ArrayList<>();

		/**
		 * How often the Cluster's topology is read again, besides the refreshes MOVED, ASK and
		 * reconnections trigger. 0 turns periodic refresh off.
		 */
		private Duration refreshPeriod = RedisSettings.DEFAULT_CLUSTER_REFRESH_PERIOD;

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

		public Duration getRefreshPeriod() {
			return this.refreshPeriod;
		}

		public void setRefreshPeriod(Duration refreshPeriod) {
			this.refreshPeriod = refreshPeriod;
		}

	}

	public static class Sentinel {

		/**
		 * Name the sentinels monitor the primary by.
		 */
		private @Nullable String master;

		/**
		 * The sentinels, host:port each.
		 */
		private List<String> nodes = new ArrayList<>();

		/**
		 * Database of the primary.
		 */
		private int database;

		/**
		 * User to authenticate to the sentinels as, when they ask for their own.
		 */
		private @Nullable String username;

		/**
		 * Password of the sentinels, when they ask for their own.
		 */
		private @Nullable String password;

		public @Nullable String getMaster() {
			return this.master;
		}

		public void setMaster(@Nullable String master) {
			this.master = master;
		}

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

		public int getDatabase() {
			return this.database;
		}

		public void setDatabase(int database) {
			this.database = database;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	public static class Ssl {

		/**
		 * Whether to use TLS; a rediss:// URL turns it on too.
		 */
		private boolean enabled;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust material checks the server's
		 * certificate; the JDK's default trust store when unset.
		 */
		private @Nullable String bundle;

		/**
		 * How much of the server's certificate is checked: full (chain and host name), ca (chain
		 * only) or none.
		 */
		private RedisSettings.VerifyPeer verifyPeer = RedisSettings.VerifyPeer.FULL;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public RedisSettings.VerifyPeer getVerifyPeer() {
			return this.verifyPeer;
		}

		public void setVerifyPeer(RedisSettings.VerifyPeer verifyPeer) {
			this.verifyPeer = verifyPeer;
		}

	}

}
