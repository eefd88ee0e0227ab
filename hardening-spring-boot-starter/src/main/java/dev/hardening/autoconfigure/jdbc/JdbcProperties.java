package dev.hardening.autoconfigure.jdbc;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Database settings.
 */
@ConfigurationProperties("hardening.jdbc")
public class JdbcProperties {

	/**
	 * Whether to apply pool and driver defaults, answer database failures with problems, and
	 * count statements per request.
	 */
	private boolean enabled = true;

	/**
	 * Whether to give HikariCP production defaults (connection-timeout 3s, max-lifetime 10m,
	 * keepalive-time 2m, leak-detection-threshold 60s, the application's name as pool name) where
	 * the application set none, and, for PostgreSQL, TCP keepalive, a socket timeout, an
	 * application name and the statement timeout.
	 */
	private boolean poolDefaults = true;

	/**
	 * Longest a statement may run before the database cancels it (PostgreSQL: statement_timeout,
	 * set per connection); a cancelled statement is a 504 problem DATABASE_TIMEOUT.
	 */
	private Duration statementTimeout = Duration.ofSeconds(30);

	/**
	 * Retry-After of the 503 problem DATABASE_UNAVAILABLE, when no connection could be had.
	 */
	private Duration unavailableRetryAfter = Duration.ofSeconds(2);

	/**
	 * Whether to count the statements of each request, warn about too many or repeated ones, and
	 * log slow ones.
	 */
	private boolean queryCounting = true;

	/**
	 * Statements one request may run before a warning names its endpoint.
	 */
	private int maxQueriesPerRequest = 25;

	/**
	 * Times one statement shape may repeat in a request before a warning names it: the mark of
	 * an N+1.
	 */
	private int maxRepeats = 10;

	/**
	 * Duration above which a statement is logged, with its shape and the request ID.
	 */
	private Duration slowQueryThreshold = Duration.ofMillis(500);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isPoolDefaults() {
		return this.poolDefaults;
	}

	public void setPoolDefaults(boolean poolDefaults) {
		this.poolDefaults = poolDefaults;
	}

	public Duration getStatementTimeout() {
		return this.statementTimeout;
	}

	public void setStatementTimeout(Duration statementTimeout) {
		this.statementTimeout = statementTimeout;
	}

	public Duration getUnavailableRetryAfter() {
		return this.unavailableRetryAfter;
	}

	public void setUnavailableRetryAfter(Duration unavailableRetryAfter) {
		this.unavailableRetryAfter = unavailableRetryAfter;
	}

	public boolean isQueryCounting() {
		return this.queryCounting;
	}

	public void setQueryCounting(boolean queryCounting) {
		this.queryCounting = queryCounting;
	}

	public int getMaxQueriesPerRequest() {
		return this.maxQueriesPerRequest;
	}

	public void setMaxQueriesPerRequest(int maxQueriesPerRequest) {
		this.maxQueriesPerRequest = maxQueriesPerRequest;
	}

	public int getMaxRepeats() {
		return this.maxRepeats;
	}

	public void setMaxRepeats(int maxRepeats) {
		this.maxRepeats = maxRepeats;
	}

	public Duration getSlowQueryThreshold() {
		return this.slowQueryThreshold;
	}

	public void setSlowQueryThreshold(Duration slowQueryThreshold) {
		this.slowQueryThreshold = slowQueryThreshold;
	}

}
