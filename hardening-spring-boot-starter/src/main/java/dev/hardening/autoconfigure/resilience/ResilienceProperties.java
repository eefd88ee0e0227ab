package dev.hardening.autoconfigure.resilience;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hardening.resilience.ResilienceConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Resilient outbound call settings.
 */
@ConfigurationProperties("hardening.resilience")
public class ResilienceProperties {

	/**
	 * Whether to apply resilience policies to RestClient and RestTemplate instances built from
	 * Spring Boot's builders, default their timeouts, and wait for the database at startup.
	 */
	private boolean enabled = true;

	/**
	 * Policy of every host not listed under clients, and the settings a named policy leaves out.
	 */
	private final Policy defaults = Policy.defaults();

	/**
	 * Policies by name, with the members of defaults; each setting left out is the default's.
	 */
	private Map<String, Policy> policies = new LinkedHashMap<>();

	/**
	 * Policy names by target host, such as "api.payments.example.com": payments. A key in
	 * brackets with a leading "*.", such as "[*.example.com]", matches every subdomain. Each host
	 * not listed gets an instance of the defaults of its own.
	 */
	private Map<String, String> clients = new LinkedHashMap<>();

	/**
	 * Waiting for dependencies when the application starts.
	 */
	private final Startup startup = new Startup();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Policy getDefaults() {
		return this.defaults;
	}

	public Map<String, Policy> getPolicies() {
		return this.policies;
	}

	public void setPolicies(Map<String, Policy> policies) {
		this.policies = policies;
	}

	public Map<String, String> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, String> clients) {
		this.clients = clients;
	}

	public Startup getStartup() {
		return this.startup;
	}

	/**
	 * A named policy.
	 */
	public static class Policy {

		/**
		 * Timeout of each attempt. RestClient instances apply it as their read timeout; unset,
		 * they keep spring.http.clients.read-timeout, which the starter defaults to 10s. Code
		 * calling ResiliencePolicy.execute is timed only when this is set.
		 */
		private @Nullable Duration timeout;

		/**
		 * Timeout of establishing an HTTP connection, for RestClient instances. Unset:
		 * spring.http.clients.connect-timeout, which the starter defaults to 2s.
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * Longest time one call may take, attempts and waits included: no retry starts that could
		 * not end within it (for HTTP, connect-timeout plus timeout), and a timed attempt of code
		 * calling ResiliencePolicy.execute gets at most the time left.
		 */
		private @Nullable Duration totalTimeout;

		/**
		 * Most attempts per call, the first included; 1 turns retries off.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Ceiling of the wait before the first retry; it doubles with each retry, and each wait is
		 * drawn at random below it (full jitter).
		 */
		private @Nullable Duration initialBackoff;

		/**
		 * Cap of the wait between attempts, and the longest Retry-After honoured: a server asking
		 * for longer makes the call fail at once.
		 */
		private @Nullable Duration maxBackoff;

		/**
		 * HTTP statuses worth another attempt.
		 */
		private @Nullable Set<Integer> retryStatuses;

		/**
		 * Share of calls that may be retried over the last 10 seconds, so that a failing service
		 * sees at most 1 + retry-budget times its usual load.
		 */
		private @Nullable Double retryBudget;

		/**
		 * Retries allowed per second whatever the number of calls, so that a quiet client can
		 * still retry.
		 */
		private @Nullable Integer minRetriesPerSecond;

		/**
		 * Most calls in flight at once; a call beyond it fails at once with a 503 problem
		 * UPSTREAM_BUSY. 0: no limit.
		 */
		private @Nullable Integer maxConcurrentCalls;

		/**
		 * Exception types (and their subtypes) that say nothing of the callee's health, such as
		 * a declined payment: thrown as they are, never retried, and neither a success nor a
		 * failure for the circuit breaker.
		 */
		private @Nullable List<Class<?>> ignoreExceptions;

		/**
		 * Whether to add a generated Idempotency-Key (a UUIDv7) to each POST and PATCH that has
		 * none, the same key on every attempt of the call, so that they are retried as a GET is.
		 * Without it, POST and PATCH are retried only when the caller sent a key, or when the
		 * connection was never made.
		 */
		private @Nullable Boolean retryWithIdempotencyKey;

		/**
		 * Circuit breaker.
		 */
		private final Breaker breaker = new Breaker();

		static Policy defaults() {
			ResilienceConfig core = ResilienceConfig.ofDefaults();
			Policy policy = new Policy();
			policy.totalTimeout = core.totalTimeout();
			policy.maxAttempts = core.maxAttempts();
			policy.initialBackoff = core.initialBackoff();
			policy.maxBackoff = core.maxBackoff();
			policy.retryStatuses = new LinkedHashSet<>(core.retryStatuses());
			policy.retryBudget = core.retryBudget();
			policy.minRetriesPerSecond = core.minRetriesPerSecond();
			policy.maxConcurrentCalls = core.maxConcurrentCalls();
			policy.retryWithIdempotencyKey = false;
			policy.breaker.enabled = core.breakerEnabled();
			policy.breaker.failureRate = core.failureRateThreshold();
			policy.breaker.slowCallRate = core.slowCallRateThreshold();
			policy.breaker.slowCallDuration = core.slowCallDuration();
			policy.breaker.openFor = core.openFor();
			policy.breaker.halfOpenCalls = core.halfOpenCalls();
			policy.breaker.window = core.breakerWindow();
			policy.breaker.minimumCalls = core.minimumCalls();
			return policy;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getTotalTimeout() {
			return this.totalTimeout;
		}

		public void setTotalTimeout(@Nullable Duration totalTimeout) {
			this.totalTimeout = totalTimeout;
		}

		public @Nullable List<Class<?>> getIgnoreExceptions() {
			return this.ignoreExceptions;
		}

		public void setIgnoreExceptions(@Nullable List<Class<?>> ignoreExceptions) {
			this.ignoreExceptions = ignoreExceptions;
		}

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public @Nullable Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(@Nullable Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public @Nullable Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(@Nullable Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public @Nullable Set<Integer> getRetryStatuses() {
			return this.retryStatuses;
		}

		public void setRetryStatuses(@Nullable Set<Integer> retryStatuses) {
			this.retryStatuses = retryStatuses;
		}

		public @Nullable Double getRetryBudget() {
			return this.retryBudget;
		}

		public void setRetryBudget(@Nullable Double retryBudget) {
			this.retryBudget = retryBudget;
		}

		public @Nullable Integer getMinRetriesPerSecond() {
			return this.minRetriesPerSecond;
		}

		public void setMinRetriesPerSecond(@Nullable Integer minRetriesPerSecond) {
			this.minRetriesPerSecond = minRetriesPerSecond;
		}

		public @Nullable Integer getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public @Nullable Boolean getRetryWithIdempotencyKey() {
			return this.retryWithIdempotencyKey;
		}

		public void setRetryWithIdempotencyKey(@Nullable Boolean retryWithIdempotencyKey) {
			this.retryWithIdempotencyKey = retryWithIdempotencyKey;
		}

		public Breaker getBreaker() {
			return this.breaker;
		}

	}

	/**
	 * A policy's circuit breaker.
	 */
	public static class Breaker {

		/**
		 * Whether calls go through a circuit breaker.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Percentage of failed calls in the window at which the breaker opens.
		 */
		private @Nullable Float failureRate;

		/**
		 * Percentage of slow calls in the window at which the breaker opens.
		 */
		private @Nullable Float slowCallRate;

		/**
		 * How long an attempt may take before it counts as slow.
		 */
		private @Nullable Duration slowCallDuration;

		/**
		 * How long the breaker stays open, failing calls at once, before it lets probes through.
		 */
		private @Nullable Duration openFor;

		/**
		 * Probe calls let through a half-open breaker; if enough succeed, it closes.
		 */
		private @Nullable Integer halfOpenCalls;

		/**
		 * Number of recent calls the rates are computed over.
		 */
		private @Nullable Integer window;

		/**
		 * Calls needed in the window before the rates count.
		 */
		private @Nullable Integer minimumCalls;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Float getFailureRate() {
			return this.failureRate;
		}

		public void setFailureRate(@Nullable Float failureRate) {
			this.failureRate = failureRate;
		}

		public @Nullable Float getSlowCallRate() {
			return this.slowCallRate;
		}

		public void setSlowCallRate(@Nullable Float slowCallRate) {
			this.slowCallRate = slowCallRate;
		}

		public @Nullable Duration getSlowCallDuration() {
			return this.slowCallDuration;
		}

		public void setSlowCallDuration(@Nullable Duration slowCallDuration) {
			this.slowCallDuration = slowCallDuration;
		}

		public @Nullable Duration getOpenFor() {
			return this.openFor;
		}

		public void setOpenFor(@Nullable Duration openFor) {
			this.openFor = openFor;
		}

		public @Nullable Integer getHalfOpenCalls() {
			return this.halfOpenCalls;
		}

		public void setHalfOpenCalls(@Nullable Integer halfOpenCalls) {
			this.halfOpenCalls = halfOpenCalls;
		}

		public @Nullable Integer getWindow() {
			return this.window;
		}

		public void setWindow(@Nullable Integer window) {
			this.window = window;
		}

		public @Nullable Integer getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(@Nullable Integer minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

	}

	/**
	 * Waiting for dependencies at startup.
	 */
	public static class Startup {

		/**
		 * Waiting for the database.
		 */
		private final Database database = new Database();

		public Database getDatabase() {
			return this.database;
		}

	}

	/**
	 * Waiting for the database at startup.
	 */
	public static class Database {

		/**
		 * Whether the application waits for its database when a connection cannot be made (SQL
		 * state class 08) or it is starting up, instead of failing at once. Other errors, such as
		 * a wrong password, fail at once.
		 */
		private boolean enabled = true;

		/**
		 * Longest total wait, connection attempts included; then startup goes on, and fails as
		 * it would have if the database is still unreachable.
		 */
		private Duration maxWait = Duration.ofSeconds(60);

		/**
		 * Wait after the first failed attempt; it doubles after each, up to max-backoff.
		 */
		private Duration initialBackoff = Duration.ofMillis(500);

		/**
		 * Cap of the wait between attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

}
