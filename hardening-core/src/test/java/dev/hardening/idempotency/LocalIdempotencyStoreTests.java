package dev.hardening.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalIdempotencyStoreTests extends IdempotencyStoreContractTests {

	private final AtomicLong nanos = new AtomicLong();

	private final IdempotencyStore store = IdempotencyStore.local(1 << 20, this.nanos::get);

	@Override
	protected IdempotencyStore store() {
		return this.store;
	}

	@Override
	protected void expire(String key) {
		// retention is the longest time any state lives
		this.nanos.addAndGet(RETENTION.toNanos() + 1);
	}

	@Test
	void aLeaseRunsOutAfterItsOwnTimeAndNotBefore() {
		this.store.acquire("lease", FINGERPRINT, Duration.ofSeconds(30));

		this.nanos.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
		assertThat(this.store.acquire("lease", FINGERPRINT, LEASE)).isInstanceOf(Acquisition.InProgress.class);

		this.nanos.addAndGet(1);
		assertThat(this.store.acquire("lease", FINGERPRINT, LEASE)).isInstanceOf(Acquisition.Acquired.class);
	}

	@Test
	void aStoredResponseIsKeptForItsRetentionAndReadingItDoesNotExtendIt() {
		Acquisition.Acquired acquired = (Acquisition.Acquired) this.store.acquire("kept", FINGERPRINT, LEASE);
		this.store.complete("kept", acquired.owner(), FINGERPRINT, CREATED, Duration.ofHours(1));

		this.nanos.addAndGet(Duration.ofMinutes(59).toNanos());
		assertThat(this.store.acquire("kept", FINGERPRINT, LEASE)).isInstanceOf(Acquisition.Completed.class);

		this.nanos.addAndGet(Duration.ofMinutes(1).toNanos());
		assertThat(this.store.acquire("kept", FINGERPRINT, LEASE)).isInstanceOf(Acquisition.Acquired.class);
	}

	@Test
	void staysWithinItsCapacity() {
		IdempotencyStore small = IdempotencyStore.local(64 * 1024, this.nanos::get);
		StoredResponse large = new StoredResponse(200, List.of(), new byte[8 * 1024]);
		for (int i = 0; i < 100; i++) {
			Acquisition.Acquired acquired = (Acquisition.Acquired) small.acquire("big-" + i, FINGERPRINT, LEASE);
			small.complete("big-" + i, acquired.owner(), FINGERPRINT, large, RETENTION);
		}
		long kept = 0;
		for (int i = 0; i < 100; i++) {
			if (small.acquire("big-" + i, FINGERPRINT, LEASE) instanceof Acquisition.Completed) {
				kept++;
			}
		}
		assertThat(kept).isBetween(1L, 8L);
	}

}
