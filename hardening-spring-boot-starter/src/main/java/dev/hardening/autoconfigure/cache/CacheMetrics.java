package dev.hardening.autoconfigure.cache;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import com.github.benmanes.caffeine.cache.Cache;

import dev.hardening.cache.TieredCache;
import dev.hardening.cache.redis.RedisTier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Binds each cache as it is created: Caffeine's statistics of the process tier through
 * Micrometer's own binder ({@code cache.gets}, {@code cache.evictions}, ... with
 * {@code tier=l1}) and its load meters ({@code cache.load}, {@code cache.load.duration}), which
 * that binder registers only for a Caffeine {@code LoadingCache}, where the tiered cache loads
 * outside Caffeine; and the Redis tier's counters ({@code hardening.cache.l2.*},
 * {@code hardening.cache.invalidations}).
 */
final class CacheMetrics implements Consumer<TieredCache> {

	private static final String LOAD_DESCRIPTION = "The number of times cache lookup methods have successfully "
			+ "loaded a new value or failed to load a new value, either because no value was found or an "
			+ "exception was thrown while loading";

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<RedisTier> tier;

	CacheMetrics(ObjectProvider<MeterRegistry> registry, ObjectProvider<RedisTier> tier) {
		this.registry = registry;
		this.tier = tier;
	}

	@Override
	public void accept(TieredCache cache) {
		MeterRegistry meters = this.registry.getIfAvailable();
		if (meters == null) {
			return;
		}
		CaffeineCacheMetrics.monitor(meters, cache.local(), cache.name(), Tags.of("tier", "l1"));
		loads(meters, cache.local(), Tags.of("cache", cache.name(), "tier", "l1"));
		RedisTier redisTier = this.tier.getIfAvailable();
		if (redisTier != null) {
			RedisTier.Stats stats = redisTier.stats(cache.name());
			Tags tags = Tags.of("cache", cache.name(), "tier", "l2");
			counter(meters, "hardening.cache.l2.hits", "Reads Redis answered", tags, stats, RedisTier.Stats::hits);
			counter(meters, "hardening.cache.l2.misses", "Reads Redis could not answer", tags, stats, RedisTier.Stats::misses);
			counter(meters, "hardening.cache.l2.errors", "Redis commands that failed", tags, stats, RedisTier.Stats::errors);
			counter(meters, "hardening.cache.l2.undecodable", "Values deleted because they could not be read back", tags, stats,
					RedisTier.Stats::undecodable);
			counter(meters, "hardening.cache.invalidations", "Invalidations announced to other instances",
					tags.and("direction", "sent"), stats, RedisTier.Stats::invalidationsSent);
			counter(meters, "hardening.cache.invalidations", "Invalidations received from other instances",
					tags.and("direction", "received"), stats, RedisTier.Stats::invalidationsReceived);
		}
	}

	/** The load meters as Micrometer's binder names them for a loading cache. */
	private static void loads(MeterRegistry meters, Cache<?, ?> local, Tags tags) {
		FunctionCounter.builder("cache.load", local, (c) -> c.stats().loadSuccessCount())
			.description(LOAD_DESCRIPTION)
			.tags(tags.and("result", "success"))
			.register(meters);
		FunctionCounter.builder("cache.load", local, (c) -> c.stats().loadFailureCount())
			.description(LOAD_DESCRIPTION)
			.tags(tags.and("result", "failure"))
			.register(meters);
		FunctionTimer.builder("cache.load.duration", local, (c) -> c.stats().loadCount(),
				(c) -> c.stats().totalLoadTime(), TimeUnit.NANOSECONDS)
			.description("The time the cache has spent loading new values")
			.tags(tags)
			.register(meters);
	}

	private void counter(MeterRegistry meters, String name, String description, Tags tags, RedisTier.Stats stats,
			ToDoubleFunction<RedisTier.Stats> count) {
		FunctionCounter.builder(name, stats, count).description(description).tags(tags).register(meters);
	}

}
