package dev.hardening.autoconfigure.cache;

import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import dev.hardening.cache.TieredCache;
import dev.hardening.cache.redis.RedisTier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Binds each cache as it is created: Caffeine's statistics of the process tier through
 * Micrometer's own binder ({@code cache.gets}, {@code cache.evictions}, ... with
 * {@code tier=l1}), and the Redis tier's counters ({@code hardening.cache.l2.*},
 * {@code hardening.cache.invalidations}).
 */
final class CacheMetrics implements Consumer<TieredCache> {

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

	private void counter(MeterRegistry meters, String name, String description, Tags tags, RedisTier.Stats stats,
			ToDoubleFunction<RedisTier.Stats> count) {
		FunctionCounter.builder(name, stats, count).description(description).tags(tags).register(meters);
	}

}
