package dev.hardening.idempotency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every store promises, run against each of them.
 */
public abstract class IdempotencyStoreContractTests {

	protected static final Duration LEASE = Duration.ofMinutes(1);

	protected static final Duration RETENTION = Duration.ofHours(24);

	protected static final String FINGERPRINT = Fingerprint.start().add("POST").add("/orders").finish();

	protected static final String OTHER_FINGERPRINT = Fingerprint.start().add("POST").add("/refunds").finish();

	protected static final StoredResponse CREATED = new StoredResponse(201,
			List.of(new StoredResponse.Header("Location", "/orders/7"),
					new StoredResponse.Header("Content-Type", "application/json")),
			"{\"id\":7}".getBytes());

	protected abstract IdempotencyStore store();

	/** Makes the key's current state run out now, as its lease or retention would. */
	protected abstract void expire(String key);

	@Test
	void theFirstRequestTakesAFreeKey() {
		assertThat(store().acquire("k1", FINGERPRINT, LEASE)).isInstanceOf(Acquisition.Acquired.class);
	}

	@Test
	void aSecondRequestFindsTheKeyInProgressWithTheFirstsFingerprint() {
		IdempotencyStore store = store();
		store.acquire("k2", FINGERPRINT, LEASE);

		assertThat(store.acquire("k2", OTHER_FINGERPRINT, LEASE)).isEqualTo(new Acquisition.InProgress(FINGERPRINT));
	}

	@Test
	void aCompletedKeyAnswersWithItsResponse() {
		IdempotencyStore store = store();
		Acquisition.Acquired acquired = (Acquisition.Acquired) store.acquire("k3", FINGERPRINT, LEASE);

		assertThat(store.complete("k3", acquired.owner(), FINGERPRINT, CREATED, RETENTION)).isTrue();

		assertThat(store.acquire("k3", FINGERPRINT, LEASE)).isEqualTo(new Acquisition.Completed(FINGERPRINT, CREATED));
		assertThat(store.acquire("k3", OTHER_FINGERPRINT, LEASE))
			.isEqualTo(new Acquisition.Completed(FINGERPRINT, CREATED));
	}

	@Test
	void aReleasedKeyIsFreeForTheRetry() {
		IdempotencyStore store = store();
		Acquisition.Acquired acquired = (Acquisition.Acquired) store.acquire("k4", FINGERPRINT, LEASE);

		store.release("k4", acquired.owner());

		assertThat(store.acquire("k4", FINGERPRINT, LEASE)).isInstanceOf(Acquisition.Acquired.class);
	}

	@Test
	void aRequestWhoseLeaseRanOutCanNeitherCompleteNorReleaseTheRetrysKey() {
		IdempotencyStore store = store();
		Acquisition.Acquired first = (Acquisition.Acquired) store.acquire("k5", FINGERPRINT, LEASE);
		expire("k5");
		Acquisition.Acquired retry = (Acquisition.Acquired) store.acquire("k5", FINGERPRINT, LEASE);

		assertThat(store.complete("k5", first.owner(), FINGERPRINT, CREATED, RETENTION)).isFalse();
		store.release("k5", first.owner());

		assertThat(store.acquire("k5", FINGERPRINT, LEASE)).isEqualTo(new Acquisition.InProgress(FINGERPRINT));
		assertThat(store.complete("k5", retry.owner(), FINGERPRINT, CREATED, RETENTION)).isTrue();
	}

	@Test
	void aCompletedKeyCannotBeReleasedOrCompletedAgain() {
		IdempotencyStore store = store();
		Acquisition.Acquired acquired = (Acquisition.Acquired) store.acquire("k6", FINGERPRINT, LEASE);
		store.complete("k6", acquired.owner(), FINGERPRINT, CREATED, RETENTION);

		store.release("k6", acquired.owner());
		StoredResponse other = new StoredResponse(500, List.of(), new byte[0]);

		assertThat(store.complete("k6", acquired.owner(), FINGERPRINT, other, RETENTION)).isFalse();
		assertThat(store.acquire("k6", FINGERPRINT, LEASE)).isEqualTo(new Acquisition.Completed(FINGERPRINT, CREATED));
	}

	@Test
	void anExpiredCompletedKeyIsFreeAgain() {
		IdempotencyStore store = store();
		Acquisition.Acquired acquired = (Acquisition.Acquired) store.acquire("k7", FINGERPRINT, LEASE);
		store.complete("k7", acquired.owner(), FINGERPRINT, CREATED, RETENTION);
		expire("k7");

		assertThat(store.acquire("k7", OTHER_FINGERPRINT, LEASE)).isInstanceOf(Acquisition.Acquired.class);
	}

	@Test
	void ofRequestsRacingForAFreeKeyExactlyOneTakesIt() throws Exception {
		IdempotencyStore store = store();
		int threads = 8;
		int rounds = racingRounds();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < rounds; round++) {
				String key = "race-" + round;
				CyclicBarrier start = new CyclicBarrier(threads);
				List<Future<Acquisition>> answers = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					answers.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return store.acquire(key, FINGERPRINT, LEASE);
					}));
				}
				int acquired = 0;
				for (Future<Acquisition> answer : answers) {
					Acquisition acquisition = answer.get(30, TimeUnit.SECONDS);
					if (acquisition instanceof Acquisition.Acquired) {
						acquired++;
					}
					else {
						assertThat(acquisition).isEqualTo(new Acquisition.InProgress(FINGERPRINT));
					}
				}
				assertThat(acquired).as("round %d", round).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	protected int racingRounds() {
		return 2000;
	}

}
