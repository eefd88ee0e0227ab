package dev.hardening.autoconfigure.cache;

import java.util.concurrent.Callable;

import dev.hardening.cache.CacheLoadException;
import dev.hardening.cache.CachedValue;
import dev.hardening.cache.TieredCache;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A {@link TieredCache} as a Spring {@link Cache}, so {@code @Cacheable}, {@code @CachePut} and
 * {@code @CacheEvict} use it unchanged. {@code @Cacheable(sync = true)} maps onto the tiered
 * cache's single-flight load.
 */
public final class TieredSpringCache implements Cache {

	private final TieredCache cache;

	/**
	 * Wraps a tiered cache.
	 * @param cache the tiered cache
	 */
	public TieredSpringCache(TieredCache cache) {
		this.cache = cache;
	}

	@Override
	public String getName() {
		return this.cache.name();
	}

	@Override
	public TieredCache getNativeCache() {
		return this.cache;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		CachedValue found = this.cache.getIfPresent(CacheKeys.of(getName(), key));
		return (found != null) ? new SimpleValueWrapper(found.value()) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		CachedValue found = this.cache.getIfPresent(CacheKeys.of(getName(), key));
		Object value = (found != null) ? found.value() : null;
		if (value != null && type != null && !type.isInstance(value)) {
			throw new IllegalStateException(
					"Cached value is not of required type [" + type.getName() + "]: " + value.getClass().getName());
		}
		return (T) value;
	}

	@Override
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		try {
			return this.cache.get(CacheKeys.of(getName(), key), valueLoader);
		}
		catch (CacheLoadException ex) {
			throw new ValueRetrievalException(key, valueLoader, ex.getCause());
		}
	}

	@Override
	public void put(Object key, @Nullable Object value) {
		this.cache.put(CacheKeys.of(getName(), key), value);
	}

	@Override
	public void evict(Object key) {
		this.cache.evict(CacheKeys.of(getName(), key));
	}

	@Override
	public void clear() {
		this.cache.clear();
	}

}
