package dev.hardening.cache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.hardening.cache.TieredCache.Entry;
import org.jspecify.annotations.Nullable;

/**
 * The process tier's Caffeine cache as {@link TieredCache#local()} hands it out: the cache itself,
 * except that a clean-up first brings Caffeine's time up to the ticker, since Caffeine otherwise
 * sees time move only with the reads and writes of the cache.
 */
final class LocalView implements Cache<String, Entry> {

	private final Cache<String, Entry> cache;

	private final Runnable catchUp;

	LocalView(Cache<String, Entry> cache, Runnable catchUp) {
		this.cache = cache;
		this.catchUp = catchUp;
	}

	@Override
	public void cleanUp() {
		this.catchUp.run();
		this.cache.cleanUp();
	}

	@Override
	public @Nullable Entry getIfPresent(String key) {
		return this.cache.getIfPresent(key);
	}

	@Override
	public Entry get(String key, Function<? super String, ? extends Entry> mappingFunction) {
		return this.cache.get(key, mappingFunction);
	}

	@Override
	public Map<String, Entry> getAllPresent(Iterable<? extends String> keys) {
		return this.cache.getAllPresent(keys);
	}

	@Override
	public Map<String, Entry> getAll(Iterable<? extends String> keys,
			Function<? super Set<? extends String>, ? extends Map<? extends String, ? extends Entry>> mappingFunction) {
		return this.cache.getAll(keys, mappingFunction);
	}

	@Override
	public void put(String key, Entry value) {
		this.cache.put(key, value);
	}

	@Override
	public void putAll(Map<? extends String, ? extends Entry> map) {
		this.cache.putAll(map);
	}

	@Override
	public void invalidate(String key) {
		this.cache.invalidate(key);
	}

	@Override
	public void invalidateAll(Iterable<? extends String> keys) {
		this.cache.invalidateAll(keys);
	}

	@Override
	public void invalidateAll() {
		this.cache.invalidateAll();
	}

	@Override
	public long estimatedSize() {
		return this.cache.estimatedSize();
	}

	@Override
	public CacheStats stats() {
		return this.cache.stats();
	}

	@Override
	public ConcurrentMap<String, Entry> asMap() {
		return this.cache.asMap();
	}

	@Override
	public Policy<String, Entry> policy() {
		return this.cache.policy();
	}

	@Override
	public String toString() {
		return this.cache.toString();
	}

}
