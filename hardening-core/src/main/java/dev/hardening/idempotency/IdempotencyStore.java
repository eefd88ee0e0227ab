package dev.hardening.idempotency;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.hardening.idempotency.internal.LocalIdempotencyStore;

/**
 * Holds the state of idempotency keys: free, held by a running request under a lease, or
 * completed with a stored response. Taking a key is one atomic step, so of any number of requests
 * racing for a free key, on one instance or many, exactly one gets it. A lease that runs out (the
 * instance holding the key crashed or stalled) frees the key, so a retry can run.
 *
 * <p>Store keys are opaque strings the caller builds; they should already scope the client key to
 * the client and the policy. A store fails by throwing (Redis down, a timeout); what a request does
 * then is the caller's fail mode.
 */
public interface IdempotencyStore {

	/**
	 * Takes a key if it is free.
	 * @param key the store key
	 * @param fingerprint the fingerprint of the request asking
	 * @param lease how long the key stays held if the request neither completes nor releases it
	 * @return what the store holds for the key, or {@link Acquisition.Acquired} when it was free
	 */
	Acquisition acquire(String key, String fingerprint, Duration lease);

	/**
	 * Stores the response of a request that holds the key, and keeps it for {@code retention}.
	 * Nothing is stored when the caller no longer holds the key (its lease ran out and another
	 * request took it).
	 * @param key the store key
	 * @param owner the owner token from {@link Acquisition.Acquired}
	 * @param fingerprint the request's fingerprint
	 * @param response the response to replay
	 * @param retention how long to keep it
	 * @return {@code true} if stored, {@code false} if the caller no longer held the key
	 */
	boolean complete(String key, String owner, String fingerprint, StoredResponse response, Duration retention);

	/**
	 * Frees a key the caller holds, so that a retry runs: for a request that failed in a way worth
	 * retrying. Nothing happens when the caller no longer holds it.
	 * @param key the store key
	 * @param owner the owner token
	 */
	void release(String key, String owner);

	/**
	 * Returns a store in this process's memory, for a single instance.
	 * @param capacityBytes roughly how many bytes of stored responses to keep at most; beyond it the
	 * least recently used keys are forgotten first
	 * @return the store
	 */
	static IdempotencyStore local(long capacityBytes) {
		return new LocalIdempotencyStore(capacityBytes, Ticker.systemTicker());
	}

	/**
	 * Returns a store in this process's memory, on a ticker the caller moves, for tests.
	 * @param capacityBytes roughly how many bytes of stored responses to keep at most
	 * @param ticker the time source of leases and retention
	 * @return the store
	 */
	static IdempotencyStore local(long capacityBytes, Ticker ticker) {
		return new LocalIdempotencyStore(capacityBytes, ticker);
	}

}
