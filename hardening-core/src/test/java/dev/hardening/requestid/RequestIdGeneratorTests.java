package dev.hardening.requestid;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdGeneratorTests {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00.123Z");

	private final RequestIdGenerator generator = RequestIdGenerator.uuidV7(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void generatesVersion7UuidsCarryingTheClockTime() {
		UUID uuid = UUID.fromString(this.generator.generate());

		assertThat(uuid.version()).isEqualTo(7);
		assertThat(uuid.variant()).isEqualTo(2);
		assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(NOW.toEpochMilli());
	}

	@Test
	void generatesValidIds() {
		for (int i = 0; i < 1000; i++) {
			assertThat(RequestIds.isValid(this.generator.generate())).isTrue();
		}
	}

	@Test
	void generatesUniqueIdsWithinOneMillisecondAcrossThreads() throws InterruptedException {
		int threads = 8;
		int perThread = 10_000;
		Set<String> ids = ConcurrentHashMap.newKeySet();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		for (int t = 0; t < threads; t++) {
			executor.execute(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < perThread; i++) {
					ids.add(this.generator.generate());
				}
			});
		}
		start.countDown();
		executor.shutdown();
		assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

		assertThat(ids).hasSize(threads * perThread);
	}

	@Test
	void sortsByCreationTime() {
		RequestIdGenerator earlier = RequestIdGenerator.uuidV7(Clock.fixed(NOW, ZoneOffset.UTC));
		RequestIdGenerator later = RequestIdGenerator.uuidV7(Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC));

		assertThat(earlier.generate()).isLessThan(later.generate());
	}

}
