package dev.hardening.cache;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.cache.TieredCache.Entry;
import org.jspecify.annotations.Nullable;

/**
 * The loads in flight of a {@link TieredCache}, one per key: concurrent misses of a key wait for
 * the load of the first and share its outcome, value or failure. A put, evict or clear detaches
 * the load of its key, so that a later miss starts a load of its own instead of waiting for a
 * value read before the change.
 */
final class SingleFlight {

	private final String cache;

	private final Map<String, CompletableFuture<Entry>> loading = new ConcurrentHashMap<>();

	SingleFlight(String cache) {
		this.cache = cache;
	}

	/**
	 * Runs a load of a key unless one is in flight, and otherwise waits for that one.
	 * @throws CacheLoadException if the load failed, this caller's or the one it waited for
	 */
	Entry load(String key, Callable<Entry> load) {
		CompletableFuture<Entry> mine = new CompletableFuture<>();
		CompletableFuture<Entry> running = this.loading.putIfAbsent(key, mine);
		if (running != null) {
			return join(running);
		}
		try {
			Entry entry = load.call();
			mine.complete(entry);
			return entry;
		}
		catch (Throwable ex) {
			mine.completeExceptionally(ex);
			throw (ex instanceof CacheLoadException failed) ? failed : new CacheLoadException(this.cache, ex);
		}
		finally {
			this.loading.remove(key, mine);
		}
	}

	/** Waits for the load of a key in flight; {@code null} if there is none or it failed. */
	@Nullable Entry awaitRunning(String key) {
		CompletableFuture<Entry> running = this.loading.get(key);
		if (running == null) {
			return null;
		}
		try {
			return running.join();
		}
		catch (CompletionException | CancellationException ex) {
			// a load in flight failed: as good as absent
			return null;
		}
	}

	/** Lets later misses of a key start a load of their own; the detached load runs on. */
	void detach(String key) {
		this.loading.remove(key);
	}

	/** Detaches the load of every key. */
	void detachAll() {
		this.loading.clear();
	}

	private Entry join(CompletableFuture<Entry> future) {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw (cause instanceof CacheLoadException failed) ? failed : new CacheLoadException(this.cache, cause);
		}
	}

}
