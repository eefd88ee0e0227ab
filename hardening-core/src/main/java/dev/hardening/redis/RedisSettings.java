package dev.hardening.redis;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How to reach Redis, with defaults for a service that must not hang when Redis does: Lettuce's
 * own defaults wait 60 seconds for a command and queue commands while disconnected.
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.builder("redis://cache.internal:6379/0")
 *     .commandTimeout(Duration.ofMillis(250))
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

	private final String uri;

	private final Duration commandTimeout;

	private final Duration connectTimeout;

	private final Duration reconnectMinDelay;

	private final Duration reconnectMaxDelay;

	private final String clientName;

	private final @Nullable String username;

	private final char @Nullable [] password;

	private RedisSettings(Builder builder) {
		this.uri = builder.uri;
		this.commandTimeout = builder.commandTimeout;
		this.connectTimeout = builder.connectTimeout;
		this.reconnectMinDelay = builder.reconnectMinDelay;
		this.reconnectMaxDelay = builder.reconnectMaxDelay;
		this.clientName = builder.clientName;
		this.username = builder.username;
		this.password = builder.password;
	}

	/**
	 * Starts settings for a Redis URI.
	 * @param uri a {@code redis://} or {@code rediss://} (TLS) URI, with optional user, password
	 * and database: {@code redis://user:secret@host:6379/2}
	 * @return a builder
	 * @throws IllegalArgumentException if the URI is not a Redis URI
	 */
	public static Builder builder(String uri) {
		return new Builder(uri);
	}

	/**
	 * Returns the Redis URI.
	 * @return the URI, which may hold a password
	 */
	public String uri() {
		return this.uri;
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

	@Override
	public String toString() {
		// never print the URI: it may hold a password
		return "RedisSettings[commandTimeout=" + this.commandTimeout + ", connectTimeout=" + this.connectTimeout
				+ ", reconnect=" + this.reconnectMinDelay + ".." + this.reconnectMaxDelay + "]";
	}

	/**
	 * Builds {@link RedisSettings}, checking each value as it is set.
	 */
	public static final class Builder {

		private final String uri;

		private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration reconnectMinDelay = DEFAULT_RECONNECT_MIN_DELAY;

		private Duration reconnectMaxDelay = DEFAULT_RECONNECT_MAX_DELAY;

		private String clientName = "hardening";

		private @Nullable String username;

		private char @Nullable [] password;

		private Builder(String uri) {
			Objects.requireNonNull(uri, "uri must not be null");
			if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
				throw new IllegalArgumentException("uri must start with redis:// or rediss://");
			}
			this.uri = uri;
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
