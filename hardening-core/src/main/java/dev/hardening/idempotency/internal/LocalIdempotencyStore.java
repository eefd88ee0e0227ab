package dev.hardening.idempotency.internal;

import java.time.Duration;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.hardening.idempotency.Acquisition;
import dev.hardening.idempotency.IdempotencyStore;
import dev.hardening.idempotency.StoredResponse;
import org.jspecify.annotations.Nullable;

/**
 * Keys in a Caffeine map bounded by weight (the stored responses' bytes), each entry expiring on
 * its own: a held key when its lease runs out, a completed one after its retention. Every change
 * of a key is one atomic {@code compute} of the map, so racing requests see one winner.
 */
public final class LocalIdempotencyStore implements IdempotencyStore {

	private final Cache<String, State> states;

	private final Ticker ticker;

	/**
	 * Creates a store.
	 * @param capacityBytes roughly how many bytes of state to keep at most, at least 1
	 * @param ticker the time source
	 */
	public LocalIdempotencyStore(long capacityBytes, Ticker ticker) {
		if (capacityBytes < 1) {
			throw new IllegalArgumentException("capacityBytes must be at least 1, but was " + capacityBytes);
		}
		this.ticker = Objects.requireNonNull(ticker, "ticker must not be null");
		// maintenance (eviction by weight) on the calling thread: no background task to wait for
		this.states = Caffeine.newBuilder()
			.maximumWeight(capacityBytes)
			.weigher((String key, State state) -> key.length() * 2 + state.weight())
			.expireAfter(new StateExpiry())
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
	}

	@Override
	public Acquisition acquire(String key, String fingerprint, Duration lease) {
		State[] found = new State[1];
		String owner = OwnerTokens.next();
		this.states.asMap().compute(key, (k, current) -> {
			if (current != null) {
				found[0] = current;
				return current;
			}
			return State.held(owner, fingerprint, deadline(lease));
		});
		State current = found[0];
		if (current == null) {
			return new Acquisition.Acquired(owner);
		}
		if (current.response == null) {
			return new Acquisition.InProgress(current.fingerprint);
		}
		return new Acquisition.Completed(current.fingerprint, current.response);
	}

	@Override
	public boolean complete(String key, String owner, String fingerprint, StoredResponse response, Duration retention) {
		boolean[] stored = new boolean[1];
		this.states.asMap().computeIfPresent(key, (k, current) -> {
			if (current.isHeldBy(owner)) {
				stored[0] = true;
				return State.completed(fingerprint, response, deadline(retention));
			}
			return current;
		});
		return stored[0];
	}

	@Override
	public void release(String key, String owner) {
		this.states.asMap().computeIfPresent(key, (k, current) -> current.isHeldBy(owner) ? null : current);
	}

	private long deadline(Duration ttl) {
		long nanos;
		try {
			nanos = Math.max(1, ttl.toNanos());
		}
		catch (ArithmeticException ex) {
			nanos = Long.MAX_VALUE / 2;
		}
		return this.ticker.read() + Math.min(nanos, Long.MAX_VALUE / 2);
	}

	/**
	 * A key's state: held ({@code response} is {@code null}) or completed.
	 */
	private static final class State {

		private final @Nullable String owner;

		private final String fingerprint;

		private final @Nullable StoredResponse response;

		/** When the state runs out, on the store's ticker: absolute, so that rewriting it unchanged keeps it. */
		private final long deadline;

		private State(@Nullable String owner, String fingerprint, @Nullable StoredResponse response, long deadline) {
			this.owner = owner;
			this.fingerprint = fingerprint;
			this.response = response;
			this.deadline = deadline;
		}

		static State held(String owner, String fingerprint, long deadline) {
			return new State(owner, fingerprint, null, deadline);
		}

		static State completed(String fingerprint, StoredResponse response, long deadline) {
			return new State(null, fingerprint, response, deadline);
		}

		boolean isHeldBy(String owner) {
			return this.response == null && owner.equals(this.owner);
		}

		int weight() {
			return 96 + ((this.response != null) ? this.response.weight() : 0);
		}

	}

	/**
	 * A state lives until its own deadline: a compute that keeps it unchanged (a request finding the
	 * key taken) and a read do not extend it.
	 */
	private static final class StateExpiry implements Expiry<String, State> {

		@Override
		public long expireAfterCreate(String key, State state, long currentTime) {
			return Math.max(0, state.deadline - currentTime);
		}

		@Override
		public long expireAfterUpdate(String key, State state, long currentTime, long currentDuration) {
			return Math.max(0, state.deadline - currentTime);
		}

		@Override
		public long expireAfterRead(String key, State state, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
