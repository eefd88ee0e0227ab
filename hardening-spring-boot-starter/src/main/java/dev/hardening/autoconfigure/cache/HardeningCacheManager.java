package dev.hardening.autoconfigure.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.hardening.autoconfigure.cache.HardeningCacheProperties.Spec;
import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.RemoteTier;
import dev.hardening.cache.TieredCache;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * The {@link CacheManager} of tiered caches. Caches listed under {@code hardening.cache.caches}
 * are created at startup, where a bad spec fails the application naming the property; other
 * names get the default spec on first use, or none when unknown caches are not allowed.
 */
public final class HardeningCacheManager implements CacheManager {

	private final Map<String, TieredSpringCache> caches = new ConcurrentHashMap<>();

	private final CacheSpec defaultSpec;

	private final boolean allowUnknown;

	private final @Nullable RemoteTier remote;

	private final Ticker ticker;

	private final Consumer<TieredCache> onCreate;

	/**
	 * Creates the manager and the configured caches.
	 * @param properties the cache settings
	 * @param remote the shared tier, or {@code null} for local caches
	 * @param ticker the time source of L1 expiry
	 * @param onCreate told of every cache created, for metrics
	 */
	public HardeningCacheManager(HardeningCacheProperties properties, @Nullable RemoteTier remote, Ticker ticker,
			Consumer<TieredCache> onCreate) {
		this.defaultSpec = spec("hardening.cache.default-spec", properties.getDefaultSpec(), Spec.defaults());
		this.allowUnknown = properties.isAllowUnknownCaches();
		this.remote = remote;
		this.ticker = ticker;
		this.onCreate = onCreate;
		Map<String, CacheSpec> configured = new LinkedHashMap<>();
		properties.getCaches()
			.forEach((name, spec) -> configured.put(name,
					spec("hardening.cache.caches." + name, spec, properties.getDefaultSpec())));
		configured.forEach((name, spec) -> this.caches.put(name, create(name, spec)));
	}

	@Override
	public @Nullable Cache getCache(String name) {
		TieredSpringCache cache = this.caches.get(name);
		if (cache != null || !this.allowUnknown) {
			return cache;
		}
		return this.caches.computeIfAbsent(name, (unknown) -> create(unknown, this.defaultSpec));
	}

	@Override
	public Collection<String> getCacheNames() {
		return List.copyOf(this.caches.keySet());
	}

	private TieredSpringCache create(String name, CacheSpec spec) {
		TieredCache.Builder builder = check("hardening.cache.caches." + name, name,
				() -> TieredCache.builder(name, spec).ticker(this.ticker));
		if (this.remote != null) {
			builder.remote(this.remote);
		}
		TieredCache cache = builder.build();
		this.onCreate.accept(cache);
		return new TieredSpringCache(cache);
	}

	/** A cache's spec, each setting it leaves out taken from the default spec. */
	private static CacheSpec spec(String property, Spec spec, Spec defaults) {
		Duration ttl = (spec.getTtl() != null) ? spec.getTtl() : defaults.getTtl();
		CacheSpec.Builder builder = check(property + ".ttl", ttl, () -> CacheSpec.builder(ttl));
		Duration l1Ttl = (spec.getL1Ttl() != null) ? spec.getL1Ttl() : defaults.getL1Ttl();
		if (l1Ttl != null) {
			check(property + ".l1-ttl", l1Ttl, () -> builder.l1Ttl(l1Ttl));
		}
		Long maxSize = (spec.getMaxSize() != null) ? spec.getMaxSize() : defaults.getMaxSize();
		if (maxSize != null) {
			check(property + ".max-size", maxSize, () -> builder.maxSize(maxSize));
		}
		Duration nullTtl = (spec.getNullTtl() != null) ? spec.getNullTtl() : defaults.getNullTtl();
		if (nullTtl != null) {
			check(property + ".null-ttl", nullTtl, () -> builder.nullTtl(nullTtl));
		}
		Double jitter = (spec.getJitter() != null) ? spec.getJitter() : defaults.getJitter();
		if (jitter != null) {
			check(property + ".jitter", jitter, () -> builder.jitter(jitter));
		}
		Duration refreshAfter = (spec.getRefreshAfter() != null) ? spec.getRefreshAfter() : defaults.getRefreshAfter();
		if (refreshAfter != null) {
			check(property + ".refresh-after", refreshAfter, () -> builder.refreshAfter(refreshAfter));
		}
		return check(property + ".refresh-after", refreshAfter, builder::build);
	}

	private static <T> T check(String property, @Nullable Object value, Supplier<T> step) {
		try {
			return step.get();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}
