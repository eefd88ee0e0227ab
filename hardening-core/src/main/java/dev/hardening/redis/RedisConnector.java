package dev.hardening.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Lettuce connection the Redis backends share. Lettuce multiplexes every command of every
 * thread over it, so one is enough. Configured for a service that must not hang on Redis:
 * commands time out after {@link RedisSettings#commandTimeout()}, fail at once while
 * disconnected rather than queue, and the connection comes back by itself with jittered backoff.
 *
 * <p>The application starts even when Redis is down: the first connection is made on first use
 * (callers arriving together wait for one attempt), and while it cannot be made,
 * {@link #connection()} fails fast, trying again at most once per backoff interval rather than on
 * every call. Once made, Lettuce keeps the connection alive and reconnects it by itself.
 */
public final class RedisConnector implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisConnector.class);

	private final RedisSettings settings;

	private final ClientResources resources;

	private final RedisClient client;

	private final ReentrantLock connecting = new ReentrantLock();

	private volatile @Nullable StatefulRedisConnection<String, String> connection;

	private volatile long nextAttemptNanos;

	private long failedAttempts;

	private volatile boolean closed;

	private RedisConnector(RedisSettings settings) {
		this.settings = settings;
		long base = settings.reconnectMinDelay().toMillis();
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.fullJitter(settings.reconnectMinDelay(), settings.reconnectMaxDelay(),
					Math.max(1, base), TimeUnit.MILLISECONDS))
			.build();
		RedisURI uri = RedisURI.create(settings.uri());
		uri.setTimeout(settings.commandTimeout());
		uri.setClientName(settings.clientName());
		char[] password = settings.password();
		if (password != null) {
			if (settings.username() != null) {
				uri.setAuthentication(settings.username(), password);
			}
			else {
				uri.setAuthentication(password);
			}
		}
		this.client = RedisClient.create(this.resources, uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build())
			.timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
			.build());
	}

	/**
	 * Creates a connector; nothing is connected until first use.
	 * @param settings how to reach Redis
	 * @return the connector
	 */
	public static RedisConnector create(RedisSettings settings) {
		return new RedisConnector(Objects.requireNonNull(settings, "settings must not be null"));
	}

	/**
	 * Returns the shared connection, connecting first if needed.
	 * @return the connection; its commands fail fast while it is disconnected
	 * @throws RedisConnectionException if there is no connection and one cannot be made now
	 */
	public StatefulRedisConnection<String, String> connection() {
		StatefulRedisConnection<String, String> current = this.connection;
		if (current != null) {
			return current;
		}
		return connect();
	}

	/**
	 * Tells whether the shared connection is up.
	 * @return {@code true} if connected
	 */
	public boolean isConnected() {
		StatefulRedisConnection<String, String> current = this.connection;
		return current != null && current.isOpen();
	}

	/**
	 * Returns the settings.
	 * @return the settings
	 */
	public RedisSettings settings() {
		return this.settings;
	}

	private StatefulRedisConnection<String, String> connect() {
		if (this.closed) {
			throw new RedisConnectionException("The Redis connector is closed");
		}
		if (System.nanoTime() - this.nextAttemptNanos < 0) {
			// the last attempt failed moments ago: fail fast rather than hammer a server that is down
			throw new RedisConnectionException("Redis is not connected");
		}
		if (!awaitConnectingLock()) {
			throw new RedisConnectionException("Redis is not connected");
		}
		try {
			StatefulRedisConnection<String, String> current = this.connection;
			if (current != null) {
				return current;
			}
			try {
				current = this.client.connect(StringCodec.UTF8);
			}
			catch (RuntimeException ex) {
				this.failedAttempts++;
				Duration backoff = backoff(this.failedAttempts);
				this.nextAttemptNanos = System.nanoTime() + backoff.toNanos();
				logger.warn("Could not connect to Redis ({}); next attempt in {} ms", ex.getMessage(), backoff.toMillis());
				throw ex;
			}
			this.failedAttempts = 0;
			this.connection = current;
			return current;
		}
		finally {
			this.connecting.unlock();
		}
	}

	/**
	 * Waits while another thread connects, at most as long as one attempt can take, so callers
	 * arriving together share one attempt instead of each failing or each connecting.
	 */
	private boolean awaitConnectingLock() {
		long attempt = this.settings.connectTimeout().plus(this.settings.commandTimeout()).toNanos();
		try {
			return this.connecting.tryLock(attempt, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Duration backoff(long attempts) {
		Duration max = this.settings.reconnectMaxDelay();
		Duration delay = this.settings.reconnectMinDelay().multipliedBy(1L << Math.min(attempts - 1, 16));
		return (delay.compareTo(max) > 0) ? max : delay;
	}

	/**
	 * Closes the connection and releases Lettuce's threads.
	 */
	@Override
	public void close() {
		this.closed = true;
		StatefulRedisConnection<String, String> current = this.connection;
		if (current != null) {
			current.close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

}
