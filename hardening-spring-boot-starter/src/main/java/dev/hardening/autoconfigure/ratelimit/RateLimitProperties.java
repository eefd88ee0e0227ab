package dev.hardening.autoconfigure.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hardening.ratelimit.FailMode;
import dev.hardening.ratelimit.Refill;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Rate limiting settings.
 */
@ConfigurationProperties("hardening.rate-limit")
public class RateLimitProperties {

	/**
	 * Whether to enforce the rate-limit policies.
	 */
	private boolean enabled = true;

	/**
	 * Where buckets live: auto (Redis when it is configured, else local), local (in each
	 * instance), or redis (shared by all instances; fails at startup when Redis is not configured).
	 */
	private Backend backend = Backend.AUTO;

	/**
	 * What the Redis backend does while Redis is down or slow: open (allow and count), closed
	 * (reject with 503), or local (limit in each instance until Redis is back).
	 */
	private FailMode failMode = FailMode.LOCAL;

	/**
	 * Most buckets a local limiter holds per policy (the local backend, or the local fail mode).
	 * Beyond it the least used are evicted, and an evicted key starts again with a full bucket.
	 */
	private long maxKeys = 100_000;

	/**
	 * Prefix of the rate-limit keys in Redis.
	 */
	private String keyPrefix = "hardening:rate-limit";

	/**
	 * Circuit breaker around Redis.
	 */
	private final Breaker breaker = new Breaker();

	/**
	 * Length of the network an IPv6 client is keyed by in ip keys, from 1 to 128; one host
	 * commonly owns a whole /64. IPv4 clients are keyed by their address.
	 */
	private int ipv6Prefix = 64;

	public int getIpv6Prefix() {
		return this.ipv6Prefix;
	}

	public void setIpv6Prefix(int ipv6Prefix) {
		if (ipv6Prefix < 1 || ipv6Prefix > 128) {
			throw new InvalidConfigurationPropertyValueException("hardening.rate-limit.ipv6-prefix", ipv6Prefix,
					"It must be between 1 and 128, such as 64 (a host's usual share) or 56 (a home's).");
		}
		this.ipv6Prefix = ipv6Prefix;
	}

	/**
	 * Response headers.
	 */
	private final Headers headers = new Headers();

	/**
	 * The policies. A request passes only if every policy that applies to it allows it.
	 */
	private List<Policy> policies = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Backend getBackend() {
		return this.backend;
	}

	public void setBackend(Backend backend) {
		this.backend = backend;
	}

	public FailMode getFailMode() {
		return this.failMode;
	}

	public void setFailMode(FailMode failMode) {
		this.failMode = failMode;
	}

	public long getMaxKeys() {
		return this.maxKeys;
	}

	public void setMaxKeys(long maxKeys) {
		this.maxKeys = maxKeys;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Breaker getBreaker() {
		return this.breaker;
	}

	public Headers getHeaders() {
		return this.headers;
	}

	public List<Policy> getPolicies() {
		return this.policies;
	}

	public void setPolicies(List<Policy> policies) {
		this.policies = policies;
	}

	/**
	 * Where buckets live.
	 */
	public enum Backend {

		/** Redis when it is configured, else local. */
		AUTO,

		/** In each instance. */
		LOCAL,

		/** In Redis, shared by every instance. */
		REDIS

	}

	/**
	 * What to do with a request that has no value for a policy's key, such as a missing API key.
	 */
	public enum MissingKey {

		/** Count it in one bucket shared by every request without a key. */
		SHARED,

		/** Reject it with a 401 problem. */
		REJECT,

		/** The policy does not apply to it. */
		SKIP

	}

	/**
	 * Circuit breaker around Redis.
	 */
	public static class Breaker {

		/**
		 * How long to stop asking Redis once half of the recent calls failed, before probing it
		 * again, from 1ms to 1d. Meanwhile the fail mode decides.
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
	 * Response headers.
	 */
	public static class Headers {

		/**
		 * Whether to send the IETF RateLimit and RateLimit-Policy fields on every limited response.
		 */
		private boolean enabled = true;

		/**
		 * Whether to also send X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset.
		 */
		private boolean legacy = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isLegacy() {
			return this.legacy;
		}

		public void setLegacy(boolean legacy) {
			this.legacy = legacy;
		}

	}

	/**
	 * A rate-limit policy.
	 */
	public static class Policy {

		/**
		 * Name of the policy, in headers, metrics and Redis keys: letters, digits, '.', '_', '-'.
		 */
		private @Nullable String name;

		/**
		 * Path patterns the policy applies to, such as /api/**. None: the policy applies only to
		 * endpoints annotated with @RateLimit naming it.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Path patterns the policy does not apply to, such as /actuator/health/**.
		 */
		private List<String> excludePaths = new ArrayList<>();

		/**
		 * HTTP methods the policy applies to, by path or by @RateLimit; GET includes HEAD. None:
		 * every method.
		 */
		private List<String> methods = new ArrayList<>();

		/**
		 * What identifies a caller: ip (the client address), header:Name (that header's value,
		 * hashed), principal (the authenticated user, else the client address), global (one bucket
		 * for everyone), or the name of a RateLimitKeyResolver bean.
		 */
		private String key = "ip";

		/**
		 * What to do with a request that has no value for the key: shared (one bucket for all of
		 * them), reject (401 problem), or skip (the policy does not apply).
		 */
		private MissingKey onMissingKey = MissingKey.SHARED;

		/**
		 * The limits, all of which must allow a request, such as 100 per minute and 1000 per hour.
		 */
		private List<Limit> limits = new ArrayList<>();

		/**
		 * How buckets refill: greedy (continuously) or interval (all at once at the end of each
		 * period).
		 */
		private Refill refill = Refill.GREEDY;

		/**
		 * Tokens one request takes.
		 */
		private long cost = 1;

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

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

		public MissingKey getOnMissingKey() {
			return this.onMissingKey;
		}

		public void setOnMissingKey(MissingKey onMissingKey) {
			this.onMissingKey = onMissingKey;
		}

		public List<Limit> getLimits() {
			return this.limits;
		}

		public void setLimits(List<Limit> limits) {
			this.limits = limits;
		}

		public Refill getRefill() {
			return this.refill;
		}

		public void setRefill(Refill refill) {
			this.refill = refill;
		}

		public long getCost() {
			return this.cost;
		}

		public void setCost(long cost) {
			this.cost = cost;
		}

	}

	/**
	 * One limit of a policy.
	 */
	public static class Limit {

		/**
		 * Most requests in a period, at least 1 and at most one per microsecond of the period.
		 */
		private long capacity;

		/**
		 * The period, such as 1m or 1h, from 1ms to 3650d.
		 */
		private @Nullable Duration period;

		public long getCapacity() {
			return this.capacity;
		}

		public void setCapacity(long capacity) {
			this.capacity = capacity;
		}

		public @Nullable Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(@Nullable Duration period) {
			this.period = period;
		}

	}

}
