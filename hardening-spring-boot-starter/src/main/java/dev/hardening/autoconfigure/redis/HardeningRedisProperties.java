package dev.hardening.autoconfigure.redis;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Redis connection settings. Redis is used when {@code url} is set here, or when the application
 * configures {@code spring.data.redis.url} or {@code spring.data.redis.host}.
 */
@ConfigurationProperties("hardening.redis")
public class HardeningRedisProperties {

	/**
	 * Whether to use Redis when it is configured. When false, every capability keeps its local
	 * backend.
	 */
	private boolean enabled = true;

	/**
	 * Redis URI, such as redis://user:secret@cache.internal:6379/0 or rediss:// for TLS. When unset,
	 * spring.data.redis.* is used if the application configures it.
	 */
	private @Nullable String url;

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
	 * Name the connection gives itself in CLIENT LIST.
	 */
	private String clientName = "hardening";

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

	/**
	 * Reconnection backoff: each wait is drawn at random below a bound that doubles from the
	 * minimum up to the maximum.
	 */
	public static class Reconnect {

		/**
		 * Shortest wait before reconnecting.
		 */
		private Duration minDelay = Duration.ofMillis(50);

		/**
		 * Longest wait before reconnecting.
		 */
		private Duration maxDelay = Duration.ofSeconds(5);

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

	}

}
