package dev.hardening.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The process tier on its own, on a ticker the test moves.
 */
class TieredCacheTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final AtomicInteger loads = new AtomicInteger();

	@Test
	void loadsOnceThenServesFromTheProcess() {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).jitter(0).build());

		assertThat(cache.get("k", load("v1"))).isEqualTo("v1");
		assertThat(cache.get("k", load("v2"))).isEqualTo("v1");
		assertThat(cache.getIfPresent("k")).isEqualTo(new CachedValue("v1"));
		assertThat(this.loads).hasValue(1);
	}

	@Test
	void expiresAfterTheL1Ttl() {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).jitter(0).build());
		cache.get("k", load("v1"));

		advance(Duration.ofSeconds(59));
		assertThat(cache.get("k", load("v2"))).isEqualTo("v1");
		advance(Duration.ofSeconds(1));

		assertThat(cache.get("k", load("v2"))).isEqualTo("v2");
	}

	@Test
	void jitterShortensTtlsWithinTheBound() {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(10)).jitter(0.5).build());
		for (int i = 0; i < 200; i++) {
			cache.get("k" + i, load("v"));
		}

		advance(Duration.ofMinutes(5).minusNanos(1));
		assertThat(cache.local().estimatedSize()).isEqualTo(200);
		advance(Duration.ofMinutes(5).plusNanos(1));
		cache.local().cleanUp();

		assertThat(cache.local().estimatedSize()).isZero();
	}

	@Test
	void cachesNullOnlyWhenANullTtlIsSetAndThenForThatLong() {
		TieredCache plain = cache(CacheSpec.builder(Duration.ofMinutes(1)).jitter(0).build());
		TieredCache negative = cache(
				CacheSpec.builder(Duration.ofMinutes(1)).nullTtl(Duration.ofSeconds(10)).jitter(0).build());

		plain.get("k", load(null));
		plain.get("k", load(null));
		negative.get("k", load(null));
		negative.get("k", load(null));
		assertThat(this.loads).hasValue(3);
		assertThat(negative.getIfPresent("k")).isEqualTo(new CachedValue(null));

		advance(Duration.ofSeconds(10));
		assertThat(negative.getIfPresent("k")).isNull();
	}

	@Test
	void oneHundredThreadsMissingOneKeyCauseExactlyOneLoad() throws Exception {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).build());
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Callable<String> slowLoader = () -> {
			this.loads.incrementAndGet();
			loading.countDown();
			release.await();
			return "v";
		};

		List<Object> results = race(100, () -> cache.get("hot", slowLoader), loading, release);

		assertThat(this.loads).hasValue(1);
		assertThat(results).hasSize(100).containsOnly("v");
	}

	@Test
	void waitersShareTheFailureOfTheLoadTheyWaitedFor() throws Exception {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).build());
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		IllegalStateException failure = new IllegalStateException("database down");
		Callable<String> failingLoader = () -> {
			this.loads.incrementAndGet();
			loading.countDown();
			release.await();
			throw failure;
		};

		List<Object> results = race(20, () -> {
			try {
				return cache.get("k", failingLoader);
			}
			catch (CacheLoadException ex) {
				return ex.getCause();
			}
		}, loading, release);

		assertThat(this.loads).hasValue(1);
		assertThat(results).hasSize(20).containsOnly(failure);
		assertThat(cache.get("k", load("recovered"))).isEqualTo("recovered");
	}

	@Test
	void refreshesAnOldEntryInTheBackgroundAndServesTheCurrentOneMeanwhile() {
		TieredCache cache = TieredCache
			.builder("refreshing",
					CacheSpec.builder(Duration.ofMinutes(10)).refreshAfter(Duration.ofMinutes(1)).jitter(0).build())
			.ticker(this.now::get)
			.executor(Runnable::run)
			.build();
		cache.get("k", load("v1"));
		advance(Duration.ofMinutes(2));

		assertThat(cache.get("k", load("v2"))).isEqualTo("v1");

		assertThat(cache.get("k", load("v3"))).isEqualTo("v2");
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void evictAndClearEmptyTheProcessTier() {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).build());
		cache.put("a", "1");
		cache.put("b", "2");

		cache.evict("a");
		assertThat(cache.getIfPresent("a")).isNull();
		assertThat(cache.getIfPresent("b")).isNotNull();
		cache.clear();

		assertThat(cache.getIfPresent("b")).isNull();
	}

	@Test
	void staysWithinItsMaximumSize() {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).maxSize(100).build());
		for (int i = 0; i < 10_000; i++) {
			cache.put("k" + i, "v");
		}
		cache.local().cleanUp();

		assertThat(cache.local().estimatedSize()).isLessThanOrEqualTo(100);
	}

	@Test
	void entriesWrittenTogetherExpireEachAtItsOwnJitteredDeadline() {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(10)).jitter(0.5).build());
		for (int i = 0; i < 200; i++) {
			cache.get("k" + i, load("v"));
		}

		advance(Duration.ofMinutes(5).minusNanos(1));
		assertThat(present(cache, 200)).isEqualTo(200);
		advance(Duration.ofSeconds(150));
		// each lives between 5 and 10 minutes: halfway, some are gone and some are not
		assertThat(present(cache, 200)).isBetween(1, 199);
		advance(Duration.ofSeconds(150));

		assertThat(present(cache, 200)).isZero();
	}

	@Test
	void anEntryPastItsOwnDeadlineIsAMissThoughCaffeineStillHoldsIt() {
		TieredCache cache = cache(
				CacheSpec.builder(Duration.ofMinutes(1)).nullTtl(Duration.ofSeconds(10)).jitter(0).build());
		cache.get("k", load(null));
		advance(Duration.ofSeconds(10));
		assertThat(cache.local().asMap()).as("held until the L1 TTL").containsKey("k");

		assertThat(cache.get("k", load("v"))).isEqualTo("v");

		assertThat(this.loads).hasValue(2);
		CacheStats stats = cache.local().stats();
		assertThat(stats.hitCount()).isZero();
		assertThat(stats.missCount()).isEqualTo(2);
		assertThat(stats.evictionCount()).isEqualTo(1);
	}

	@Test
	void anEntryWrittenAfterAQuietSpellLivesItsWholeTtl() {
		// Caffeine's time moves with the cache's reads and writes: a write must first bring it up to date
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).jitter(0).build());
		cache.get("early", load("v"));
		advance(Duration.ofSeconds(59));
		cache.put("late", "v");
		advance(Duration.ofSeconds(2));

		assertThat(cache.getIfPresent("early")).isNull();
		assertThat(cache.getIfPresent("late")).isEqualTo(new CachedValue("v"));
		advance(Duration.ofSeconds(57));
		assertThat(cache.getIfPresent("late")).isEqualTo(new CachedValue("v"));
		advance(Duration.ofSeconds(1));
		assertThat(cache.getIfPresent("late")).isNull();
	}

	@Test
	void recordsTheStatisticsTheMetricsRead() {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).maxSize(1).build());
		cache.get("k", load("v"));
		cache.get("k", load("v"));
		cache.put("p", "x");
		assertThatExceptionOfType(CacheLoadException.class).isThrownBy(() -> cache.get("f", () -> {
			throw new IllegalStateException("database down");
		}));
		cache.getIfPresent("absent");
		cache.local().cleanUp();

		CacheStats stats = cache.local().stats();
		assertThat(stats.hitCount()).isEqualTo(1);
		assertThat(stats.missCount()).isEqualTo(3);
		assertThat(stats.loadSuccessCount()).as("a load and a put").isEqualTo(2);
		assertThat(stats.loadFailureCount()).isEqualTo(1);
		assertThat(stats.evictionCount()).as("one of two entries, over the maximum size").isEqualTo(1);
	}

	@Test
	void concurrentMissesOfOneKeyCauseOneLoadInEveryRound() throws Exception {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).build());
		for (int round = 0; round < 200; round++) {
			String key = "hot" + round;
			String value = "v" + round;
			AtomicInteger roundLoads = new AtomicInteger();
			CountDownLatch loading = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			Callable<String> slowLoader = () -> {
				roundLoads.incrementAndGet();
				loading.countDown();
				release.await();
				return value;
			};

			List<Object> results = race(8, () -> cache.get(key, slowLoader), loading, release);

			assertThat(roundLoads).as("loads in round %d", round).hasValue(1);
			assertThat(results).hasSize(8).containsOnly(value);
		}
	}

	@Test
	void missesStartingTogetherLoadOnceInEveryRound() throws Exception {
		// no latch holds the load: the misses meet it at whatever point they reach it
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).build());
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 2000; round++) {
				String key = "k" + round;
				AtomicInteger roundLoads = new AtomicInteger();
				CyclicBarrier start = new CyclicBarrier(4);
				List<Future<Object>> futures = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					futures.add(executor.submit(() -> {
						start.await(1, TimeUnit.MINUTES);
						return cache.get(key, () -> "v" + roundLoads.incrementAndGet());
					}));
				}
				for (Future<Object> future : futures) {
					assertThat(future.get(1, TimeUnit.MINUTES)).isEqualTo("v1");
				}
				assertThat(roundLoads).as("loads in round %d", round).hasValue(1);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aMissThatClaimsTheKeyJustAfterALoadEndedTakesItsValueInsteadOfLoadingAgain() throws Exception {
		PausingTicker ticker = new PausingTicker(this.now);
		TieredCache cache = TieredCache
			.builder("test", CacheSpec.builder(Duration.ofMinutes(1)).nullTtl(Duration.ofSeconds(10)).jitter(0).build())
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			for (int round = 0; round < 100; round++) {
				String key = "k" + round;
				cache.get(key, load(null));
				advance(Duration.ofSeconds(10));
				CountDownLatch reached = new CountDownLatch(1);
				CountDownLatch resume = new CountDownLatch(1);
				AtomicInteger lateLoads = new AtomicInteger();
				// the late miss has found the dead entry; it is held before it claims the key
				Future<Object> late = executor.submit(() -> {
					ticker.pauseNextRead(Thread.currentThread(), reached, resume);
					return cache.get(key, () -> "late" + lateLoads.incrementAndGet());
				});
				assertThat(reached.await(1, TimeUnit.MINUTES)).isTrue();

				assertThat(cache.get(key, load("v"))).isEqualTo("v");
				resume.countDown();

				assertThat(late.get(1, TimeUnit.MINUTES)).isEqualTo("v");
				assertThat(lateLoads).as("loads of the late miss in round %d", round).hasValue(0);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aMissAfterAnEvictOrAPutDoesNotWaitForALoadThatBeganBefore() throws Exception {
		TieredCache cache = cache(CacheSpec.builder(Duration.ofMinutes(1)).build());
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			for (boolean evict : new boolean[] { true, false }) {
				String key = evict ? "evicted" : "written";
				CountDownLatch loading = new CountDownLatch(1);
				CountDownLatch release = new CountDownLatch(1);
				Future<Object> old = executor.submit(() -> cache.get(key, () -> {
					loading.countDown();
					release.await();
					return "old";
				}));
				assertThat(loading.await(1, TimeUnit.MINUTES)).isTrue();

				if (evict) {
					cache.evict(key);
				}
				else {
					cache.put(key, "new");
				}
				// a wait for the old load would not end: it is released only afterwards
				Future<Object> fresh = executor.submit(() -> cache.get(key, load("new")));
				assertThat(fresh.get(1, TimeUnit.MINUTES)).isEqualTo("new");
				release.countDown();

				assertThat(old.get(1, TimeUnit.MINUTES)).isEqualTo("old");
				assertThat(cache.getIfPresent(key)).as("L1 of %s", key).isEqualTo(new CachedValue("new"));
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static int present(TieredCache cache, int keys) {
		int present = 0;
		for (int i = 0; i < keys; i++) {
			if (cache.getIfPresent("k" + i) != null) {
				present++;
			}
		}
		return present;
	}

	private TieredCache cache(CacheSpec spec) {
		return TieredCache.builder("test", spec).ticker(this.now::get).executor(Runnable::run).build();
	}

	private Callable<String> load(String value) {
		return () -> {
			this.loads.incrementAndGet();
			return value;
		};
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	/** The test's time, which can hold one thread's next reading until released. */
	private static final class PausingTicker implements Ticker {

		private final AtomicLong now;

		private volatile @Nullable Thread target;

		private volatile CountDownLatch reached = new CountDownLatch(0);

		private volatile CountDownLatch resume = new CountDownLatch(0);

		PausingTicker(AtomicLong now) {
			this.now = now;
		}

		void pauseNextRead(Thread thread, CountDownLatch reached, CountDownLatch resume) {
			this.reached = reached;
			this.resume = resume;
			this.target = thread;
		}

		@Override
		public long read() {
			if (Thread.currentThread() == this.target) {
				this.target = null;
				this.reached.countDown();
				try {
					this.resume.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return this.now.get();
		}

	}

	/**
	 * Starts {@code threads} callers and releases the first load only once every caller is
	 * blocked: the loader on {@code release}, the others waiting for its result.
	 */
	private static List<Object> race(int threads, Callable<Object> call, CountDownLatch loading,
			CountDownLatch release) throws Exception {
		List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task);
			workers.add(thread);
			return thread;
		});
		try {
			List<Future<Object>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(call));
			}
			assertThat(loading.await(1, TimeUnit.MINUTES)).isTrue();
			await().pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(1))
				.atMost(Duration.ofMinutes(1))
				.until(() -> workers.size() == threads
						&& workers.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
			release.countDown();
			List<Object> results = new ArrayList<>();
			for (Future<Object> future : futures) {
				results.add(future.get(1, TimeUnit.MINUTES));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
