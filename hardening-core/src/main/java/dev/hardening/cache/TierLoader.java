package dev.hardening.cache;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.hardening.cache.TieredCache.Entry;
import org.jspecify.annotations.Nullable;

/**
 * How values reach the tiers of a {@link TieredCache} from the loader: the load of a miss, through
 * L2, and the reload of refresh-ahead. Neither keeps a value read before a put, evict or clear of
 * its key: L2 refuses it ({@link RemoteTier#putIfUnchanged}) and L1 counts the changes.
 */
final class TierLoader {

	private final String name;

	private final CacheSpec spec;

	private final @Nullable RemoteTier remote;

	private final Ticker ticker;

	private final Executor executor;

	private final LocalTier local;

	private final Consumer<String> evict;

	private final Map<String, Boolean> refreshing = new ConcurrentHashMap<>();

	TierLoader(String name, CacheSpec spec, @Nullable RemoteTier remote, Ticker ticker, Executor executor,
			LocalTier local, Consumer<String> evict) {
		this.name = name;
		this.spec = spec;
		this.remote = remote;
		this.ticker = ticker;
		this.executor = executor;
		this.local = local;
		this.evict = evict;
	}

	/**
	 * Runs a load this caller has claimed: L2, else the loader; keeps the result in L1 unless it is
	 * stale or a {@code null} not to cache. The waiters get the result either way.
	 */
	Entry loadClaimed(String key, Callable<?> loader) throws Exception {
		long before = this.local.changeCount(key);
		long start = this.ticker.read();
		// a load that ended between this caller's miss and its claim has stored its value
		Entry stored = this.local.cache.asMap().get(key);
		if (stored != null && start - stored.expiresAt() < 0) {
			return stored;
		}
		Loaded loaded;
		try {
			loaded = loadThrough(key, loader);
		}
		catch (Exception | Error ex) {
			this.local.stats.recordLoadFailed(this.ticker.read() - start);
			throw ex;
		}
		Entry entry = loaded.entry();
		this.local.stats.recordLoad(entry.loadedAt() - start);
		if (loaded.current() && (entry.value() != null || this.spec.nullTtl() != null)) {
			this.local.store(key, entry, before);
		}
		return entry;
	}

	/**
	 * Reads L2, else calls the loader and writes L2 unless the key changed meanwhile.
	 * @return the entry, and whether it is current enough to keep in L1
	 */
	private Loaded loadThrough(String key, Callable<?> loader) throws Exception {
		if (this.remote == null) {
			Object value = loader.call();
			return new Loaded(this.local.entry(value, this.ticker.read()), true);
		}
		RemoteRead read = this.remote.read(this.name, key);
		CachedValue shared = read.found();
		if (shared != null) {
			return new Loaded(this.local.entry(shared.value(), this.ticker.read()), true);
		}
		Object value = loader.call();
		boolean current = true;
		if (value != null || this.spec.nullTtl() != null) {
			current = this.remote.putIfUnchanged(this.name, key, read, value, sharedTtl(value));
		}
		return new Loaded(this.local.entry(value, this.ticker.read()), current);
	}

	/** Reloads an entry in the background, unless a reload of its key is under way. */
	void refresh(String key, Entry current, Callable<?> loader) {
		if (this.refreshing.putIfAbsent(key, Boolean.TRUE) != null) {
			return;
		}
		try {
			this.executor.execute(() -> {
				try {
					reload(key, current, loader);
				}
				catch (Exception ex) {
					// a failed refresh keeps the current value until it expires
				}
				finally {
					this.refreshing.remove(key);
				}
			});
		}
		catch (RuntimeException ex) {
			this.refreshing.remove(key);
		}
	}

	/**
	 * Reloads a key and replaces the entry that was read, unless a put, evict or clear came in
	 * between: then the reloaded value may be older than the change, and is dropped.
	 */
	private void reload(String key, Entry current, Callable<?> loader) throws Exception {
		long start = this.ticker.read();
		Object value;
		RemoteRead read;
		try {
			read = (this.remote != null) ? this.remote.read(this.name, key) : RemoteRead.failed();
			value = loader.call();
		}
		catch (Exception ex) {
			this.local.stats.recordLoadFailed(this.ticker.read() - start);
			throw ex;
		}
		Entry reloaded = this.local.entry(value, this.ticker.read());
		this.local.stats.recordLoad(reloaded.loadedAt() - start);
		if (value == null && this.spec.nullTtl() == null) {
			this.evict.accept(key);
			return;
		}
		if (this.remote != null && !this.remote.putIfUnchanged(this.name, key, read, value, sharedTtl(value))) {
			return;
		}
		// the entry that was read is still there only if nothing invalidated or replaced it meanwhile
		this.local.replace(key, current, reloaded);
	}

	/** Returns the L2 TTL of a value, or the null TTL, shortened by the jitter. */
	Duration sharedTtl(@Nullable Object value) {
		Duration ttl = (value == null) ? Objects.requireNonNull(this.spec.nullTtl()) : this.spec.ttl();
		return Duration.ofNanos(this.local.jittered(ttl.toNanos()));
	}

	/** A loaded entry, and whether it may be kept in L1: no change of its key came in between. */
	private record Loaded(Entry entry, boolean current) {
	}

}
