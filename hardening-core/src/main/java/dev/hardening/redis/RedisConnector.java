package dev.hardening.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
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

	private final Lazy<StatefulRedisConnection<String, String>> text;

	private final Lazy<StatefulRedisConnection<String, byte[]>> binary;

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
		this.text = new Lazy<>("Redis", () -> this.client.connect(StringCodec.UTF8));
		this.binary = new Lazy<>("Redis (binary)",
				() -> this.client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
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
		return this.text.get();
	}

	/**
	 * Returns the shared connection for binary values (string keys, byte-array values), connecting
	 * first if needed.
	 * @return the connection
	 * @throws RedisConnectionException if there is no connection and one cannot be made now
	 */
	public StatefulRedisConnection<String, byte[]> binaryConnection() {
		return this.binary.get();
	}

	/**
	 * Opens a new publish/subscribe connection, with the same settings; the caller closes it.
	 * Lettuce subscribes it again by itself after a reconnect.
	 * @return the connection
	 * @throws RedisConnectionException if Redis cannot be reached now
	 */
	public StatefulRedisPubSubConnection<String, String> connectPubSub() {
		if (this.closed) {
			throw new RedisConnectionException("The Redis connector is closed");
		}
		return this.client.connectPubSub(StringCodec.UTF8);
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

	private Duration backoff(long attempts) {
		Duration max = this.settings.reconnectMaxDelay();
		Duration delay = this.settings.reconnectMinDelay().multipliedBy(1L << Math.min(attempts - 1, 16));
		return (delay.compareTo(max) > 0) ? max : delay;
	}

	/**
	 * A connection made on first use. Callers arriving together wait for one attempt (at most as
	 * long as an attempt can take); after a failed attempt, callers fail fast until the backoff
	 * has passed, rather than each hammering a server that is down.
	 */
	private final class Lazy<C extends StatefulConnection<?, ?>> {

		private final String description;

		private final Supplier<C> connect;

		private final ReentrantLock connecting = new ReentrantLock();

		private volatile @Nullable C connection;

		private volatile long nextAttemptNanos;

		private long failedAttempts;

		Lazy(String description, Supplier<C> connect) {
			this.description = description;
			this.connect = connect;
		}

		C get() {
			C current = this.connection;
			return (current != null) ? current : connectNow();
		}

		boolean isOpen() {
			C current = this.connection;
			return current != null && current.isOpen();
		}

		void close() {
			C current = this.connection;
			if (current != null) {
				current.close();
			}
		}

		private C connectNow() {
			if (RedisConnector.this.closed) {
				throw new RedisConnectionException("The Redis connector is closed");
			}
			if (System.nanoTime() - this.nextAttemptNanos < 0 || !awaitLock()) {
				throw new RedisConnectionException(this.description + " is not connected");
			}
			try {
				C current = this.connection;
				if (current != null) {
					return current;
				}
				try {
					current = this.connect.get();
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

	/**
	 * Closes the connection and releases Lettuce's threads.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.text.close();
		this.binary.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

}
