package dev.hardening.autoconfigure.idempotency;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Idempotency key settings.
 */
@ConfigurationProperties("hardening.idempotency")
public class IdempotencyProperties {

	/**
	 * Whether to guard requests with idempotency keys.
	 */
	private boolean enabled = true;

	/**
	 * Where keys and stored responses live: local (in each instance) or redis (shared by all
	 * instances). Default: redis when Redis is configured, else local.
	 */
	private @Nullable Store store;

	/**
	 * How long a completed request's response is kept and replayed to a retry with its key.
	 */
	private Duration retention = Duration.ofHours(24);

	/**
	 * How long a key stays held by a request that neither completes nor fails (its instance
	 * crashed or stalled); after it, a retry runs. Longer than the slowest guarded request.
	 */
	private Duration lease = Duration.ofMinutes(1);

	/**
	 * What a guarded request does while Redis is down or slow: open (run it without the guarantee,
	 * and count it) or closed (refuse it with a 503 problem, so that a retry cannot run twice).
	 */
	private FailMode failMode = FailMode.CLOSED;

	/**
	 * Largest request body read to fingerprint a guarded request; a larger one is refused with a
	 * 413 problem.
	 */
	private DataSize maxBodySize = DataSize.ofMegabytes(1);

	/**
	 * Largest response stored for replay; a larger one is sent, not stored, and its key released.
	 */
	private DataSize maxResponseSize = DataSize.ofMegabytes(1);

	/**
	 * Most bytes of keys and stored responses the local store keeps; beyond it the least recently
	 * used are forgotten first.
	 */
	private DataSize localCapacity = DataSize.ofMegabytes(64);

	/**
	 * Prefix of the keys in Redis.
	 */
	private String keyPrefix = "hardening:idempotency";

	/**
	 * Whether to store and replay 5xx responses; by default their key is released, so a retry runs.
	 */
	private boolean storeServerErrors = false;

	/**
	 * Whether to store and replay the answer to a request whose handler threw, whatever its status;
	 * by default its key is released, so a retry runs.
	 */
	private boolean storeExceptions = false;

	/**
	 * Response headers stored and replayed with the status and the body, each name once in any
	 * letter case; never the headers a retry gets of its own (the request ID's, the rate-limit
	 * fields, traceresponse, Idempotent-Replayed), even when listed.
	 */
	private List<String> replayHeaders = new ArrayList<>(
			List.of("Content-Type", "Content-Encoding", "Content-Language", "Content-Location", "Location", "ETag",
					"Last-Modified"));

	/**
	 * Page that documents the service's idempotency rules, its retention included; linked from
	 * guarded responses and idempotency problems with a "describedby" Link header, as the draft
	 * suggests.
	 */
	private @Nullable URI documentation;

	/**
	 * Circuit breaker around Redis.
	 */
	private final Breaker breaker = new Breaker();

	/**
	 * The policies: which requests are guarded, whether they must send a key, and whose keys they are.
	 */
	private List<Policy> policies = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Store getStore() {
		return this.store;
	}

	public void setStore(@Nullable Store store) {
		this.store = store;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getLease() {
		return this.lease;
	}

	public void setLease(Duration lease) {
		this.lease = lease;
	}

	public FailMode getFailMode() {
		return this.failMode;
	}

	public void setFailMode(FailMode failMode) {
		this.failMode = failMode;
	}

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

	public DataSize getMaxResponseSize() {
		return this.maxResponseSize;
	}

	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = maxResponseSize;
	}

	public DataSize getLocalCapacity() {
		return this.localCapacity;
	}

	public void setLocalCapacity(DataSize localCapacity) {
		this.localCapacity = localCapacity;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public boolean isStoreServerErrors() {
		return this.storeServerErrors;
	}

	public void setStoreServerErrors(boolean storeServerErrors) {
		this.storeServerErrors = storeServerErrors;
	}

	public boolean isStoreExceptions() {
		return this.storeExceptions;
	}

	public void setStoreExceptions(boolean storeExceptions) {
		this.storeExceptions = storeExceptions;
	}

	public List<String> getReplayHeaders() {
		return this.replayHeaders;
	}

	public void setReplayHeaders(List<String> replayHeaders) {
		this.replayHeaders = replayHeaders;
	}

	public @Nullable URI getDocumentation() {
		return this.documentation;
	}

	public void setDocumentation(@Nullable URI documentation) {
		this.documentation = documentation;
	}

	public Breaker getBreaker() {
		return this.breaker;
	}

	public List<Policy> getPolicies() {
		return this.policies;
	}

	public void setPolicies(List<Policy> policies) {
		this.policies = policies;
	}

	/**
	 * Where keys live.
	 */
	public enum Store {

		/** In each instance. */
		LOCAL,

		/** In Redis, shared by every instance. */
		REDIS

	}

	/**
	 * What a guarded request does while the Redis store fails.
	 */
	public enum FailMode {

		/** Run it without the guarantee, and count it: availability over exactly-once. */
		OPEN,

		/** Refuse it with a 503 problem: a retry later runs once. */
		CLOSED

	}

	/**
	 * Circuit breaker around Redis.
	 */
	public static class Breaker {

		/**
		 * How long to stop asking Redis once half of the recent calls failed, before probing it
		 * again. Meanwhile the fail mode decides.
		 */
		private Duration openFor = Duration.ofSeconds(10);

		public Duration getOpenFor() {
			return this.openFor;
		}

		public void setOpenFor(Duration openFor) {
			this.openFor = openFor;
		}

	}

	/**
	 * An idempotency policy.
	 */
	public static class Policy {

		/**
		 * Name of the policy, in metrics and store keys: letters, digits, '.', '_', '-'.
		 */
		private @Nullable String name;

		/**
		 * Path patterns the policy applies to, such as /orders/**. None: the policy applies only to
		 * handlers annotated with @Idempotent naming it.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Path patterns the policy does not apply to.
		 */
		private List<String> excludePaths = new ArrayList<>();

		/**
		 * HTTP methods the policy applies to.
		 */
		private List<String> methods = new ArrayList<>(List.of("POST", "PATCH"));

		/**
		 * Whether a request must send a key; without one it is refused with a 400 problem. When
		 * false, a request without a key runs unguarded.
		 */
		private boolean required = false;

		/**
		 * Whose keys these are, so that one client can never be answered with another's response:
		 * ip (the client address), header:Name (that header's value, hashed), or principal (the
		 * authenticated user, else the client address).
		 */
		private String key = "ip";

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getExcludePaths() {
			return this.excludePaths;
		}

		public void setExcludePaths(List<String> excludePaths) {
			this.excludePaths = excludePaths;
		}

		public List<String> getMethods() {
			return this.methods;
		}

		public void setMethods(List<String> methods) {
			this.methods = methods;
		}

		public boolean isRequired() {
			return this.required;
		}

		public void setRequired(boolean required) {
			this.required = required;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

	}

}
