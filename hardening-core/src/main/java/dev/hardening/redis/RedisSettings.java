package dev.hardening.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.TrustManagerFactory;

import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;

/**
 * How to reach Redis, with defaults for a service that must not hang when Redis does: Lettuce's
 * own defaults wait 60 seconds for a command and queue commands while disconnected.
 *
 * <p>Three topologies: one server by URI ({@link #builder(String)}), a Redis Cluster by its seed
 * nodes ({@link #cluster(List)}), or a primary found through Sentinel ({@link #sentinel(String, List)}).
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.builder("redis://cache.internal:6379/0")
 *     .commandTimeout(Duration.ofMillis(250))
 *     .build();
 * RedisSettings cluster = RedisSettings.cluster(List.of("10.0.0.1:6379", "10.0.0.2:6379"))
 *     .credentials("app", password)
 *     .tls(true)
 *     .build();
 * }</pre>
 */
public final class RedisSettings {

	/** The default time a command may take before it fails. */
	public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

	/** The default time a connection attempt may take. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(100);

	/** The default shortest wait between reconnection attempts. */
	public static final Duration DEFAULT_RECONNECT_MIN_DELAY = Duration.ofMillis(50);

	/** The default longest wait between reconnection attempts. */
	public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(5);

	/** The default number of timeouts in a row after which a connection is closed and opened again. */
	public static final int DEFAULT_TIMEOUTS_BEFORE_RECONNECT = 5;

	/** The default period of a Cluster's topology refresh. */
	public static final Duration DEFAULT_CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

	/**
	 * How Redis is deployed.
	 */
	public enum Topology {

		/** One server, by URI. */
		STANDALONE,

		/** A Redis Cluster, found from its seed nodes. */
		CLUSTER,

		/** A primary and its replicas, the primary found through Sentinel. */
		SENTINEL

	}

	/**
	 * How much of a server's certificate is checked.
	 */
	public enum VerifyPeer {

		/** The chain of trust and the host name. */
		FULL,

		/** The chain of trust only: for servers reached by addresses their certificate does not name. */
		CA,

		/** Nothing: the connection is encrypted, but anyone in between may pose as the server. */
		NONE

	}

	private final Topology topology;

	private final @Nullable String uri;

	private final List<RedisNode> nodes;

	private final @Nullable String sentinelMaster;

	private final int database;

	private final Duration commandTimeout;

	private final Duration connectTimeout;

	private final Duration reconnectMinDelay;

	private final Duration reconnectMaxDelay;

	private final int timeoutsBeforeReconnect;

	private final Duration clusterRefreshPeriod;

	private final String clientName;

	private final @Nullable String username;

	private final char @Nullable [] password;

	private final @Nullable String sentinelUsername;

	private final char @Nullable [] sentinelPassword;

	private final boolean tls;

	private final VerifyPeer verifyPeer;

	private final @Nullable TrustManagerFactory trustManagerFactory;

	private RedisSettings(Builder builder) {
		this.topology = builder.topology;
		this.uri = builder.uri;
		this.nodes = builder.nodes;
		this.sentinelMaster = builder.sentinelMaster;
		this.database = builder.database;
		this.commandTimeout = builder.commandTimeout;
		this.connectTimeout = builder.connectTimeout;
		this.reconnectMinDelay = builder.reconnectMinDelay;
		this.reconnectMaxDelay = builder.reconnectMaxDelay;
		this.timeoutsBeforeReconnect = builder.timeoutsBeforeReconnect;
		this.clusterRefreshPeriod = builder.clusterRefreshPeriod;
		this.clientName = builder.clientName;
		this.username = builder.username;
		this.password = builder.password;
		this.sentinelUsername = builder.sentinelUsername;
		this.sentinelPassword = builder.sentinelPassword;
		this.tls = builder.tls || (builder.uri != null && builder.uri.startsWith("rediss://"));
		this.verifyPeer = builder.verifyPeer;
		this.trustManagerFactory = builder.trustManagerFactory;
	}

	/**
	 * Starts settings for one server by URI.
	 * @param uri a {@code redis://} or {@code rediss://} (TLS) URI, with optional user, password
	 * and database: {@code redis://user:secret@host:6379/2}
	 * @return a builder
	 * @throws IllegalArgumentException if the URI is not a Redis URI
	 */
	public static Builder builder(String uri) {
		Objects.requireNonNull(uri, "uri must not be null");
		if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
			throw new IllegalArgumentException("uri must start with redis:// or rediss://");
		}
		return new Builder(Topology.STANDALONE, uri, List.of(), null);
	}

	/**
	 * Starts settings for a Redis Cluster.
	 * @param nodes some of its nodes, {@code host:port} each ({@code [::1]:6379} for IPv6); the
	 * client learns the others from them
	 * @return a builder
	 * @throws IllegalArgumentException if there is no node or one is not {@code host:port}
	 */
	public static Builder cluster(List<String> nodes) {
		return new Builder(Topology.CLUSTER, null, RedisNode.parseAll(nodes, "cluster node"), null);
	}

	/**
	 * Starts settings for a primary found through Sentinel.
	 * @param master the name the sentinels monitor the primary by
	 * @param nodes the sentinels, {@code host:port} each
	 * @return a builder
	 * @throws IllegalArgumentException if the name is blank, there is no sentinel or one is not
	 * {@code host:port}
	 */
	public static Builder sentinel(String master, List<String> nodes) {
		Objects.requireNonNull(master, "master must not be null");
		if (master.isBlank()) {
			throw new IllegalArgumentException("the sentinel master name must not be blank");
		}
		return new Builder(Topology.SENTINEL, null, RedisNode.parseAll(nodes, "sentinel"), master);
	}

	/**
	 * Returns how Redis is deployed.
	 * @return the topology
	 */
	public Topology topology() {
		return this.topology;
	}

	/**
	 * Returns the Redis URI of a {@link Topology#STANDALONE} server.
	 * @return the URI, which may hold a password; {@code null} for the other topologies
	 */
	public @Nullable String uri() {
		return this.uri;
	}

	/**
	 * Returns the seed nodes of a Cluster or the sentinels.
	 * @return the nodes; empty for a standalone server
	 */
	public List<RedisNode> nodes() {
		return this.nodes;
	}

	/**
	 * Returns the hosts these settings reach: a standalone URI's host, or the Cluster seed nodes'
	 * or the sentinels' hosts.
	 * @return the host names and addresses, as written
	 */
	public List<String> hosts() {
		if (this.uri != null) {
			return List.of(RedisURI.create(this.uri).getHost());
		}
		return this.nodes.stream().map(RedisNode::host).toList();
	}

	/**
	 * Returns the name the sentinels know the primary by.
	 * @return the name, or {@code null} unless the topology is {@link Topology#SENTINEL}
	 */
	public @Nullable String sentinelMaster() {
		return this.sentinelMaster;
	}

	/**
	 * Returns the database of a Sentinel-managed primary (a standalone URI carries its own; a
	 * Cluster has only database 0).
	 * @return the database
	 */
	public int database() {
		return this.database;
	}

	/**
	 * Returns the time a command may take before it fails.
	 * @return the command timeout
	 */
	public Duration commandTimeout() {
		return this.commandTimeout;
	}

	/**
	 * Returns the time a connection attempt may take.
	 * @return the connect timeout
	 */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Returns the shortest wait between reconnection attempts.
	 * @return the delay
	 */
	public Duration reconnectMinDelay() {
		return this.reconnectMinDelay;
	}

	/**
	 * Returns the longest wait between reconnection attempts.
	 * @return the delay
	 */
	public Duration reconnectMaxDelay() {
		return this.reconnectMaxDelay;
	}

	/**
	 * Returns how many commands in a row may time out before the connection is closed and a new
	 * one opened: a connection stalled in the network (no reset, no answer) otherwise waits for
	 * the operating system's keep-alive, which takes hours.
	 * @return the number, at least 1
	 */
	public int timeoutsBeforeReconnect() {
		return this.timeoutsBeforeReconnect;
	}

	/**
	 * Returns how often a Cluster's topology is read again, besides the refreshes that
	 * {@code MOVED}, {@code ASK} and reconnections trigger.
	 * @return the period; {@link Duration#ZERO} when periodic refresh is off
	 */
	public Duration clusterRefreshPeriod() {
		return this.clusterRefreshPeriod;
	}

	/**
	 * Returns the name the connection gives itself ({@code CLIENT SETNAME}).
	 * @return the client name
	 */
	public String clientName() {
		return this.clientName;
	}

	/**
	 * Returns the user to authenticate as, when not given in the URI.
	 * @return the user, or {@code null}
	 */
	public @Nullable String username() {
		return this.username;
	}

	/**
	 * Returns the password to authenticate with, when not given in the URI.
	 * @return a copy of the password, or {@code null}
	 */
	public char @Nullable [] password() {
		return (this.password != null) ? this.password.clone() : null;
	}

	/**
	 * Returns the user to authenticate to the sentinels as.
	 * @return the user, or {@code null}
	 */
	public @Nullable String sentinelUsername() {
		return this.sentinelUsername;
	}

	/**
	 * Returns the password of the sentinels, which may differ from the data nodes'.
	 * @return a copy of the password, or {@code null} when the sentinels ask for none
	 */
	public char @Nullable [] sentinelPassword() {
		return (this.sentinelPassword != null) ? this.sentinelPassword.clone() : null;
	}

	/**
	 * Tells whether connections use TLS: a {@code rediss://} URI, or {@link Builder#tls(boolean)}.
	 * @return {@code true} for TLS
	 */
	public boolean tls() {
		return this.tls;
	}

	/**
	 * Returns how much of the server's certificate is checked.
	 * @return the mode
	 */
	public VerifyPeer verifyPeer() {
		return this.verifyPeer;
	}

	/**
	 * Returns the trust material for the server's certificate.
	 * @return the factory, or {@code null} for the JDK's default trust store
	 */
	public @Nullable TrustManagerFactory trustManagerFactory() {
		return this.trustManagerFactory;
	}

	@Override
	public String toString() {
		// never print the URI: it may hold a password
		return "RedisSettings[topology=" + this.topology + ", tls=" + this.tls + ", commandTimeout="
				+ this.commandTimeout + ", connectTimeout=" + this.connectTimeout + ", reconnect="
				+ this.reconnectMinDelay + ".." + this.reconnectMaxDelay + "]";
	}

	/**
	 * Builds {@link RedisSettings}, checking each value as it is set.
	 */
	public static final class Builder {

		private final Topology topology;

		private final @Nullable String uri;

		private final List<RedisNode> nodes;

		private final @Nullable String sentinelMaster;

		private int database;

		private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration reconnectMinDelay = DEFAULT_RECONNECT_MIN_DELAY;

		private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;

		private int timeoutsBeforeReconnect = DEFAULT_TIMEOUTS_BEFORE_RECONNECT;

		private Duration clusterRefreshPeriod = DEFAULT_CLUSTER_REFRESH_PERIOD;

		private String clientName = "hardening";

		private @Nullable String username;

		private char @Nullable [] password;

		private @Nullable String sentinelUsername;

		private char @Nullable [] sentinelPassword;

		private boolean tls;

		private VerifyPeer verifyPeer = VerifyPeer.FULL;

		private @Nullable TrustManagerFactory trustManagerFactory;

		private Builder(Topology topology, @Nullable String uri, List<RedisNode> nodes, @Nullable String sentinelMaster) {
			this.topology = topology;
			this.uri = uri;
			this.nodes = nodes;
			this.sentinelMaster = sentinelMaster;
		}

		/**
		 * Sets the time a command may take before it fails.
		 * @param commandTimeout a positive duration
		 * @return this builder
		 */
		public Builder commandTimeout(Duration commandTimeout) {
			this.commandTimeout = positive(commandTimeout, "commandTimeout");
			return this;
		}

		/**
		 * Sets the time a connection attempt may take.
		 * @param connectTimeout a positive duration
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = positive(connectTimeout, "connectTimeout");
			return this;
		}

		/**
		 * Sets the range of waits between reconnection attempts; each wait is drawn at random
		 * (full jitter) below an exponentially growing bound.
		 * @param min the shortest wait, positive
		 * @param max the longest wait, at least {@code min}
		 * @return this builder
		 */
		public Builder reconnectDelay(Duration min, Duration max) {
			positive(min, "reconnect min delay");
			positive(max, "reconnect max delay");
			if (max.compareTo(min) < 0) {
				throw new IllegalArgumentException("reconnect max delay " + max + " is shorter than min delay " + min);
			}
			this.reconnectMinDelay = min;
			this.reconnectMaxDelay = max;
			return this;
		}

		/**
		 * Sets how many commands in a row may time out before the connection is replaced.
		 * @param timeouts at least 1
		 * @return this builder
		 */
		public Builder timeoutsBeforeReconnect(int timeouts) {
			if (timeouts < 1) {
				throw new IllegalArgumentException("timeoutsBeforeReconnect must be at least 1, but was " + timeouts);
			}
			this.timeoutsBeforeReconnect = timeouts;
			return this;
		}

		/**
		 * Sets how often a Cluster's topology is read again.
		 * @param period a positive duration, or {@link Duration#ZERO} for no periodic refresh (the
		 * adaptive refresh on {@code MOVED}, {@code ASK} and reconnections stays on)
		 * @return this builder
		 */
		public Builder clusterRefreshPeriod(Duration period) {
			Objects.requireNonNull(period, "clusterRefreshPeriod must not be null");
			if (period.isNegative()) {
				throw new IllegalArgumentException("clusterRefreshPeriod must not be negative, but was " + period);
			}
			this.clusterRefreshPeriod = period;
			return this;
		}

		/**
		 * Sets the database of a Sentinel-managed primary.
		 * @param database 0 or more
		 * @return this builder
		 */
		public Builder database(int database) {
			if (database < 0) {
				throw new IllegalArgumentException("database must not be negative, but was " + database);
			}
			if (this.topology == Topology.CLUSTER && database != 0) {
				throw new IllegalArgumentException("a Redis Cluster has only database 0");
			}
			this.database = database;
			return this;
		}

		/**
		 * Sets the name the connection gives itself.
		 * @param clientName a name without spaces
		 * @return this builder
		 */
		public Builder clientName(String clientName) {
			Objects.requireNonNull(clientName, "clientName must not be null");
			if (clientName.isEmpty() || clientName.chars().anyMatch((c) -> c <= ' ' || c > '~')) {
				throw new IllegalArgumentException("clientName must be printable ASCII without spaces");
			}
			this.clientName = clientName;
			return this;
		}

		/**
		 * Sets credentials kept apart from the URI, so a password needs no URI encoding.
		 * @param username the user (Redis 6 ACL), or {@code null} for the default user
		 * @param password the password
		 * @return this builder
		 */
		public Builder credentials(@Nullable String username, char[] password) {
			this.username = username;
			this.password = Objects.requireNonNull(password, "password must not be null").clone();
			return this;
		}

		/**
		 * Sets the credentials of the sentinels, when they ask for their own.
		 * @param username the user, or {@code null} for the default user
		 * @param password the password
		 * @return this builder
		 */
		public Builder sentinelCredentials(@Nullable String username, char[] password) {
			this.sentinelUsername = username;
			this.sentinelPassword = Objects.requireNonNull(password, "password must not be null").clone();
			return this;
		}

		/**
		 * Turns TLS on or off for a Cluster or Sentinel; a standalone server's URI says it
		 * ({@code rediss://}), and turning it on here works too.
		 * @param tls {@code true} for TLS
		 * @return this builder
		 */
		public Builder tls(boolean tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Sets how much of the server's certificate is checked; {@link VerifyPeer#FULL} unless set.
		 * @param verifyPeer the mode
		 * @return this builder
		 */
		public Builder verifyPeer(VerifyPeer verifyPeer) {
			this.verifyPeer = Objects.requireNonNull(verifyPeer, "verifyPeer must not be null");
			return this;
		}

		/**
		 * Sets the trust material for the server's certificate, for a private certificate
		 * authority; without it the JDK's default trust store is used.
		 * @param trustManagerFactory the factory, initialized
		 * @return this builder
		 */
		public Builder trustManagerFactory(TrustManagerFactory trustManagerFactory) {
			this.trustManagerFactory = Objects.requireNonNull(trustManagerFactory,
					"trustManagerFactory must not be null");
			return this;
		}

		/**
		 * Builds the settings.
		 * @return the settings
		 */
		public RedisSettings build() {
			return new RedisSettings(this);
		}

		private static Duration positive(Duration duration, String name) {
			Objects.requireNonNull(duration, name + " must not be null");
			if (duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive, but was " + duration);
			}
			return duration;
		}

	}

}
