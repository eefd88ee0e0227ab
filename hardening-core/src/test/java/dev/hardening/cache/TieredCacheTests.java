package dev.hardening.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
			await().atMost(Duration.ofMinutes(1))
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
