package dev.hardening.cache;

import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;

/**
 * The statistics of the process tier: what Caffeine records, corrected by what only
 * {@link TieredCache} knows. An entry past its own deadline is absent, so a read that Caffeine
 * counted as a hit on it is a miss, and its removal an eviction. Loads run outside Caffeine, so
 * {@link TieredCache} records them here, and Caffeine's own count of them, which takes every
 * {@code compute} that stores a loaded value for a load, is left out.
 */
final class L1Stats implements StatsCounter {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder loadSuccesses = new LongAdder();

	private final LongAdder loadFailures = new LongAdder();

	private final LongAdder loadTime = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder evictionWeight = new LongAdder();

	@Override
	public void recordHits(int count) {
		this.hits.add(count);
	}

	@Override
	public void recordMisses(int count) {
		this.misses.add(count);
	}

	@Override
	public void recordLoadSuccess(long loadTime) {
		// a compute storing a value loaded and recorded already
	}

	@Override
	public void recordLoadFailure(long loadTime) {
		// a compute storing a value loaded and recorded already
	}

	@Override
	public void recordEviction(int weight, RemovalCause cause) {
		this.evictions.increment();
		this.evictionWeight.add(weight);
	}

	/**
	 * Records a load, or an entry the application put.
	 * @param loadTime how long the load took, in nanoseconds
	 */
	void recordLoad(long loadTime) {
		this.loadSuccesses.increment();
		this.loadTime.add(Math.max(0, loadTime));
	}

	/**
	 * Records a load that failed.
	 * @param loadTime how long the load took, in nanoseconds
	 */
	void recordLoadFailed(long loadTime) {
		this.loadFailures.increment();
		this.loadTime.add(Math.max(0, loadTime));
	}

	/**
	 * Turns a hit Caffeine recorded into a miss: the entry read was past its deadline.
	 */
	void recordDeadRead() {
		this.hits.decrement();
		this.misses.increment();
	}

	@Override
	public CacheStats snapshot() {
		// a sum taken while a dead read is turned into a miss may see the decrement first
		return CacheStats.of(Math.max(0, this.hits.sum()), this.misses.sum(), this.loadSuccesses.sum(),
				this.loadFailures.sum(), this.loadTime.sum(), this.evictions.sum(), this.evictionWeight.sum());
	}

}
