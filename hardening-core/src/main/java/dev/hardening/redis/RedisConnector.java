package dev.hardening.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lettuce connections the Redis backends share: one for text values, one for binary
 * values. Lettuce multiplexes every command of every thread over a connection, so one of each is
 * enough; a Cluster connection holds one per node it talks to. Configured for a service that must
 * not hang on Redis: commands time out after {@link RedisSettings#commandTimeout()}, fail at once
 * while disconnected rather than queue, and a lost connection comes back by itself with jittered
 * backoff. A connection whose commands keep timing out
 * ({@link RedisSettings#timeoutsBeforeReconnect()} in a row) is closed and a new one opened, since a
 * connection stalled in the network never comes back by itself. A Cluster's topology is refreshed
 * periodically and whenever a node answers {@code MOVED} or {@code ASK} or a connection is lost.
 *
 * <p>The application starts even when Redis is down: the first connection is made on first use
 * (callers arriving together wait for one attempt), and while it cannot be made,
 * {@link #commands()} fails fast, trying again at most once per backoff interval rather than on
 * every call.
 *
 * <p>Lettuce's threads and event loops ({@link ClientResources}) are the connector's own, or those
 * of the application's other Redis client, given to {@link #create(RedisSettings, ClientResources)}
 * and then left running on {@link #close()}.
 */
public final class RedisConnector implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisConnector.class);

	private final RedisSettings settings;

	private final ClientResources resources;

	private final boolean ownsResources;

	private final AbstractRedisClient client;

	private final Lazy<String> text;

	private final Lazy<byte[]> binary;

	private final AtomicInteger timeoutsInARow = new AtomicInteger();

	private final LongAdder reconnectsAfterTimeouts = new LongAdder();

	private volatile boolean closed;

	private RedisConnector(RedisSettings settings, @Nullable ClientResources shared) {
		this.settings = settings;
		long base = settings.reconnectMinDelay().toMillis();
		Delay delay = Delay.fullJitter(settings.reconnectMinDelay(), settings.reconnectMaxDelay(), Math.max(1, base),
				TimeUnit.MILLISECONDS);
		// mutate() shares the other client's event loops and timer (never shut down here, see close())
		this.resources = (shared != null) ? shared.mutate().reconnectDelay(delay).build()
				: DefaultClientResources.builder().reconnectDelay(delay).build();
		this.ownsResources = shared == null;
		this.client = (settings.topology() == RedisSettings.Topology.CLUSTER) ? clusterClient() : redisClient();
		this.text = new Lazy<>("Redis", StringCodec.UTF8);
		this.binary = new Lazy<>("Redis (binary)", RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
	}

	/**
	 * Creates a connector with Lettuce threads of its own; nothing is connected until first use.
	 * @param settings how to reach Redis
	 * @return the connector
	 */
	public static RedisConnector create(RedisSettings settings) {
		return new RedisConnector(Objects.requireNonNull(settings, "settings must not be null"), null);
	}

	/**
	 * Creates a connector on the threads and event loops of the application's other Redis client
	 * (Spring Data Redis's, for one); nothing is connected until first use.
	 * @param settings how to reach Redis
	 * @param shared the other client's resources, not shut down when this connector closes
	 * @return the connector
	 */
	public static RedisConnector create(RedisSettings settings, ClientResources shared) {
		return new RedisConnector(Objects.requireNonNull(settings, "settings must not be null"),
				Objects.requireNonNull(shared, "shared must not be null"));
	}

	private RedisClient redisClient() {
		RedisClient redis = RedisClient.create(this.resources, redisUri());
		redis.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(socketOptions())
			.timeoutOptions(TimeoutOptions.enabled(this.settings.commandTimeout()))
			.sslOptions(sslOptions())
			.build());
		return redis;
	}

	private RedisClusterClient clusterClient() {
		List<RedisURI> seeds = this.settings.nodes()
			.stream()
			.map((node) -> withCommonSettings(RedisURI.builder().withHost(node.host()).withPort(node.port())))
			.toList();
		RedisClusterClient cluster = RedisClusterClient.create(this.resources, seeds);
		// adaptive refreshes are coalesced to one per 30 s (Lettuce's default), so that a resharding's
		// storm of MOVED answers does not become a storm of topology reads; each command follows its
		// redirect in the meantime
		ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder()
			.enableAllAdaptiveRefreshTriggers()
			.closeStaleConnections(true);
		Duration period = this.settings.clusterRefreshPeriod();
		if (!period.isZero()) {
			refresh.enablePeriodicRefresh(period);
		}
		cluster.setOptions(ClusterClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(socketOptions())
			.timeoutOptions(TimeoutOptions.enabled(this.settings.commandTimeout()))
			.sslOptions(sslOptions())
			.topologyRefreshOptions(refresh.build())
			.build());
		return cluster;
	}

	private RedisURI redisUri() {
		RedisSettings settings = this.settings;
		if (settings.topology() == RedisSettings.Topology.SENTINEL) {
			RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(settings.sentinelMaster());
			for (RedisNode node : settings.nodes()) {
				RedisURI.Builder sentinel = RedisURI.builder()
					.withHost(node.host())
					.withPort(node.port())
					.withTimeout(settings.commandTimeout());
				authenticate(sentinel, settings.sentinelUsername(), settings.sentinelPassword());
				if (settings.tls()) {
					sentinel.withSsl(true).withVerifyPeer(verifyMode());
				}
				builder.withSentinel(sentinel.build());
			}
			return withCommonSettings(builder.withDatabase(settings.database()));
		}
		RedisURI uri = RedisURI.create(Objects.requireNonNull(settings.uri()));
		return withCommonSettings(RedisURI.builder(uri));
	}

	private RedisURI withCommonSettings(RedisURI.Builder builder) {
		RedisSettings settings = this.settings;
		builder.withTimeout(settings.commandTimeout()).withClientName(settings.clientName());
		authenticate(builder, settings.username(), settings.password());
		if (settings.tls()) {
			builder.withSsl(true).withVerifyPeer(verifyMode());
		}
		return builder.build();
	}

	private static void authenticate(RedisURI.Builder builder, @Nullable String username, char @Nullable [] password) {
		if (password == null) {
			return;
		}
		if (username != null) {
			builder.withAuthentication(username, password);
		}
		else {
			builder.withPassword(password);
		}
	}

	private SocketOptions socketOptions() {
		return SocketOptions.builder().connectTimeout(this.settings.connectTimeout()).keepAlive(true).build();
	}

	private SslOptions sslOptions() {
		SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
		if (this.settings.trustManagerFactory() != null) {
			ssl.trustManager(this.settings.trustManagerFactory());
		}
		return ssl.build();
	}

	private SslVerifyMode verifyMode() {
		return switch (this.settings.verifyPeer()) {
			case FULL -> SslVerifyMode.FULL;
			case CA -> SslVerifyMode.CA;
			case NONE -> SslVerifyMode.NONE;
		};
	}

	/**
	 * Returns the commands of the shared text connection, connecting first if needed. On a
	 * Cluster, each command goes to the node that serves its key's slot.
	 * @return the commands; they fail fast while disconnected
	 * @throws RedisConnectionException if there is no connection and one cannot be made now
	 */
	public RedisClusterCommands<String, String> commands() {
		return this.text.get();
	}

	/**
	 * Returns the commands of the shared connection for binary values (string keys, byte-array
	 * values), connecting first if needed.
	 * @return the commands
	 * @throws RedisConnectionException if there is no connection and one cannot be made now
	 */
	public RedisClusterCommands<String, byte[]> binaryCommands() {
		return this.binary.get();
	}

	/**
	 * Opens a new publish/subscribe connection, with the same settings; the caller closes it.
	 * Lettuce subscribes it again by itself after a reconnect. On a Cluster it is a connection to
	 * one node, which receives what is published on any node.
	 * @return the connection
	 * @throws RedisConnectionException if Redis cannot be reached now
	 */
	public StatefulRedisPubSubConnection<String, String> connectPubSub() {
		if (this.closed) {
			throw new RedisConnectionException("The Redis connector is closed");
		}
		return (this.client instanceof RedisClusterClient cluster) ? cluster.connectPubSub(StringCodec.UTF8)
				: ((RedisClient) this.client).connectPubSub(StringCodec.UTF8);
	}

	/**
	 * Runs commands on the shared text connection, counting a timeout towards replacing a
	 * connection whose commands keep timing out. The way the backends talk to Redis.
	 * @param <T> what the commands return
	 * @param commands the commands
	 * @return what they returned
	 * @throws RuntimeException what Lettuce throws: Redis down, slow or refusing
	 */
	public <T> T call(Function<? super RedisClusterCommands<String, String>, T> commands) {
		return counted(this.text, commands);
	}

	/**
	 * Runs commands on the shared binary connection (string keys, byte-array values), as
	 * {@link #call(Function)} does on the text one.
	 * @param <T> what the commands return
	 * @param commands the commands
	 * @return what they returned
	 * @throws RuntimeException what Lettuce throws: Redis down, slow or refusing
	 */
	public <T> T callBinary(Function<? super RedisClusterCommands<String, byte[]>, T> commands) {
		return counted(this.binary, commands);
	}

	private <V, T> T counted(Lazy<V> connection, Function<? super RedisClusterCommands<String, V>, T> commands) {
		T result;
		try {
			result = commands.apply(connection.get());
		}
		catch (RuntimeException ex) {
			commandEnded(ex);
			throw ex;
		}
		commandEnded(null);
		return result;
	}

	/**
	 * Counts how a command ended, so that a connection whose commands keep timing out is
	 * replaced. Cheap when nothing times out: one volatile read.
	 * @param failure what the command threw, or {@code null} when it was answered
	 */
	void commandEnded(@Nullable Throwable failure) {
		if (failure == null) {
			if (this.timeoutsInARow.get() != 0) {
				this.timeoutsInARow.set(0);
			}
			return;
		}
		if (!(failure instanceof RedisCommandTimeoutException)) {
			return;
		}
		int timeouts = this.timeoutsInARow.incrementAndGet();
		if (timeouts >= this.settings.timeoutsBeforeReconnect() && this.timeoutsInARow.compareAndSet(timeouts, 0)) {
			this.reconnectsAfterTimeouts.increment();
			logger.warn("{} Redis commands in a row timed out; closing the connections and opening new ones",
					timeouts);
			this.text.reset();
			this.binary.reset();
		}
	}

	/**
	 * Returns how often the connections were replaced because their commands kept timing out.
	 * @return the count
	 */
	public long reconnectsAfterTimeouts() {
		return this.reconnectsAfterTimeouts.sum();
	}

	/**
	 * Tells whether the shared connection is up.
	 * @return {@code true} if connected
	 */
	public boolean isConnected() {
		return this.text.isOpen();
	}

	/**
	 * Returns the settings.
	 * @return the settings
	 */
	public RedisSettings settings() {
		return this.settings;
	}

	/**
	 * Tells whether this connector runs on another client's threads and event loops.
	 * @return {@code true} if it shares them
	 */
	public boolean sharesClientResources() {
		return !this.ownsResources;
	}

	private Duration backoff(long attempts) {
		Duration max = this.settings.reconnectMaxDelay();
		Duration delay = this.settings.reconnectMinDelay().multipliedBy(1L << Math.min(attempts - 1, 16));
		return (delay.compareTo(max) > 0) ? max : delay;
	}

	private <V> StatefulConnection<String, V> connect(RedisCodec<String, V> codec) {
		return (this.client instanceof RedisClusterClient cluster) ? cluster.connect(codec)
				: ((RedisClient) this.client).connect(codec);
	}

	@SuppressWarnings("unchecked")
	private static <V> RedisClusterCommands<String, V> sync(StatefulConnection<String, V> connection) {
		if (connection instanceof StatefulRedisClusterConnection<?, ?> cluster) {
			return (RedisClusterCommands<String, V>) cluster.sync();
		}
		return ((StatefulRedisConnection<String, V>) connection).sync();
	}

	/**
	 * A connection made on first use. Callers arriving together wait for one attempt (at most as
	 * long as an attempt can take); after a failed attempt, callers fail fast until the backoff
	 * has passed, rather than each hammering a server that is down.
	 */
	private final class Lazy<V> {

		private final String description;

		private final RedisCodec<String, V> codec;

		private final ReentrantLock connecting = new ReentrantLock();

		private volatile @Nullable Connected<V> connection;

		private volatile long nextAttemptNanos;

		private long failedAttempts;

		Lazy(String description, RedisCodec<String, V> codec) {
			this.description = description;
			this.codec = codec;
		}

		RedisClusterCommands<String, V> get() {
			Connected<V> current = this.connection;
			return (current != null) ? current.commands() : connectNow().commands();
		}

		boolean isOpen() {
			Connected<V> current = this.connection;
			return current != null && current.connection().isOpen();
		}

		/** Forgets the connection, so that the next caller opens a new one, and closes it. */
		void reset() {
			Connected<V> current = this.connection;
			if (current != null) {
				this.connection = null;
				current.connection().closeAsync();
			}
		}

		void close() {
			Connected<V> current = this.connection;
			if (current != null) {
				current.connection().close();
			}
		}

		private Connected<V> connectNow() {
			if (RedisConnector.this.closed) {
				throw new RedisConnectionException("The Redis connector is closed");
			}
			if (System.nanoTime() - this.nextAttemptNanos < 0 || !awaitLock()) {
				throw new RedisConnectionException(this.description + " is not connected");
			}
			try {
				Connected<V> current = this.connection;
				if (current != null) {
					return current;
				}
				StatefulConnection<String, V> made;
				try {
					made = connect(this.codec);
				}
				catch (RuntimeException ex) {
					this.failedAttempts++;
					Duration backoff = backoff(this.failedAttempts);
					this.nextAttemptNanos = System.nanoTime() + backoff.toNanos();
					logger.warn("Could not connect to {} ({}); next attempt in {} ms", this.description, ex.getMessage(),
							backoff.toMillis());
					throw ex;
				}
				this.failedAttempts = 0;
				current = new Connected<>(made, sync(made));
				this.connection = current;
				return current;
			}
			finally {
				this.connecting.unlock();
			}
		}

		private boolean awaitLock() {
			RedisSettings settings = RedisConnector.this.settings;
			long attempt = settings.connectTimeout().plus(settings.commandTimeout()).toNanos();
			try {
				return this.connecting.tryLock(attempt, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

	private record Connected<V>(StatefulConnection<String, V> connection, RedisClusterCommands<String, V> commands) {
	}

	/**
	 * Closes the connections and, unless they are shared, releases Lettuce's threads.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.text.close();
		this.binary.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		// a copy made by mutate() keeps the original's ownership flags: shutting it down would stop the
		// other client's event loops, so only resources of the connector's own are shut down
		if (this.ownsResources) {
			this.resources.shutdown(0, 2, TimeUnit.SECONDS);
		}
	}

}
