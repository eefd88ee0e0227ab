package dev.hardening.autoconfigure.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Caching settings.
 */
@ConfigurationProperties("hardening.cache")
public class HardeningCacheProperties {

	/**
	 * Whether to provide the CacheManager that @Cacheable, @CachePut and @CacheEvict use.
	 */
	private boolean enabled = true;

	/**
	 * Tiers: auto (tiered when Redis is configured, else local), local (Caffeine in each
	 * instance), or tiered (Caffeine, then Redis shared by every instance).
	 */
	private Mode mode = Mode.AUTO;

	/**
	 * Prefix of the cache keys and of the invalidation channel in Redis.
	 */
	private String keyPrefix = "hardening:cache";

	/**
	 * Whether a cache name that is not configured under caches gets the default spec. When false,
	 * using such a name fails.
	 */
	private boolean allowUnknownCaches = true;

	/**
	 * Exact types of cached values that may be read back from Redis, besides the return types of
	 * @Cacheable and @CachePut methods (and the types they are made of) and common JDK value and
	 * collection types. Needed for subtypes of a declared type that is not sealed, for JDK types
	 * outside the common ones, and for caches used without annotations.
	 */
	private List<Class<?>> valueTypes = new ArrayList<>();

	/**
	 * Removed: whole packages are no longer trusted. List exact types in value-types instead.
	 */
	private List<String> trustedPackages = new ArrayList<>();

	/**
	 * How long to stop asking Redis once half of the recent calls failed; meanwhile reads go to
	 * the loader.
	 */
	private Duration breakerOpenFor = Duration.ofSeconds(10);

	/**
	 * Spec of every cache not listed under caches, and of the settings a listed cache leaves out.
	 */
	private final Spec defaultSpec = Spec.defaults();

	/**
	 * Specs by cache name.
	 */
	private Map<String, Spec> caches = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public boolean isAllowUnknownCaches() {
		return this.allowUnknownCaches;
	}

	public void setAllowUnknownCaches(boolean allowUnknownCaches) {
		this.allowUnknownCaches = allowUnknownCaches;
	}

	public List<Class<?>> getValueTypes() {
		return this.valueTypes;
	}

	public void setValueTypes(List<Class<?>> valueTypes) {
		this.valueTypes = valueTypes;
	}

	@Deprecated(since = "0.1")
	@DeprecatedConfigurationProperty(replacement = "hardening.cache.value-types",
			reason = "Whole packages are no longer trusted: list exact types")
	public List<String> getTrustedPackages() {
		return this.trustedPackages;
	}

	@Deprecated(since = "0.1")
	public void setTrustedPackages(List<String> trustedPackages) {
		this.trustedPackages = trustedPackages;
	}

	public Duration getBreakerOpenFor() {
		return this.breakerOpenFor;
	}

	public void setBreakerOpenFor(Duration breakerOpenFor) {
		this.breakerOpenFor = breakerOpenFor;
	}

	public Spec getDefaultSpec() {
		return this.defaultSpec;
	}

	public Map<String, Spec> getCaches() {
		return this.caches;
	}

	public void setCaches(Map<String, Spec> caches) {
		this.caches = caches;
	}

	/**
	 * Which tiers caches have.
	 */
	public enum Mode {

		/** Tiered when Redis is configured, else local. */
		AUTO,

		/** Caffeine in each instance. */
		LOCAL,

		/** Caffeine, then Redis shared by every instance. */
		TIERED

	}

	/**
	 * How one cache behaves. Settings left out take the default spec's.
	 */
	public static class Spec {

		/**
		 * How long an entry lives in Redis and, unless l1-ttl is set, in each instance.
		 */
		private @Nullable Duration ttl;

		/**
		 * How long an entry lives in each instance: the longest a reader can see a value another
		 * instance has replaced, should the invalidation message be lost.
		 */
		private @Nullable Duration l1Ttl;

		/**
		 * Most entries each instance keeps.
		 */
		private @Nullable Long maxSize;

		/**
		 * How long a null result is cached. Unset: null results are not cached.
		 */
		private @Nullable Duration nullTtl;

		/**
		 * Fraction by which TTLs are shortened at random (0 to 0.5), so entries written together
		 * do not expire together.
		 */
		private @Nullable Double jitter;

		/**
		 * Age after which a read reloads an entry in the background, serving the current value
		 * meanwhile. Unset: no refresh-ahead.
		 */
		private @Nullable Duration refreshAfter;

		static Spec defaults() {
			Spec spec = new Spec();
			spec.ttl = Duration.ofMinutes(10);
			spec.maxSize = 10_000L;
			spec.jitter = 0.1;
			return spec;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable Duration getL1Ttl() {
			return this.l1Ttl;
		}

		public void setL1Ttl(@Nullable Duration l1Ttl) {
			this.l1Ttl = l1Ttl;
		}

		public @Nullable Long getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable Long maxSize) {
			this.maxSize = maxSize;
		}

		public @Nullable Duration getNullTtl() {
			return this.nullTtl;
		}

		public void setNullTtl(@Nullable Duration nullTtl) {
			this.nullTtl = nullTtl;
		}

		public @Nullable Double getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Double jitter) {
			this.jitter = jitter;
		}

		public @Nullable Duration getRefreshAfter() {
			return this.refreshAfter;
		}

		public void setRefreshAfter(@Nullable Duration refreshAfter) {
			this.refreshAfter = refreshAfter;
		}

	}

}
