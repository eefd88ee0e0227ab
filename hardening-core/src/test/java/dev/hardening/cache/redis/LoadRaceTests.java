package dev.hardening.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.StringCodec;
import dev.hardening.cache.TieredCache;
import dev.hardening.cache.ValueCodec;
import dev.hardening.cache.redis.RedisTierTests.Instance;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A load (or a refresh-ahead reload) that read the database before an evict or a put of the same
 * key, and finishes after it, must leave its old value in neither tier: not in this instance's L1,
 * not in Redis where every instance would read it for the whole TTL. Each round either forces that
 * interleaving with latches or lets the two threads start together at a barrier; after every round
 * both tiers of both instances hold the new value or nothing.
 */
@ExtendWith(RedisExtension.class)
class LoadRaceTests {

	private static final int ROUNDS = 2000;

	private static final String OLD = "old";

	private static final String NEW = "new";

	private final TestRedis redis;

	private final Map<String, String> database = new ConcurrentHashMap<>();

	private final ExecutorService loaders = Executors.newSingleThreadExecutor();

	private Instance a;

	private Instance b;

	private RedisClusterCommands<String, byte[]> raw;

	LoadRaceTests(TestRedis redis) {
		this.redis = redis;
	}

	@BeforeEach
	void start() {
		CacheSpec spec = CacheSpec.builder(Duration.ofMinutes(5)).jitter(0).build();
		this.a = instance(spec, (builder) -> builder.executor(Runnable::run), new StringCodec());
		this.b = instance(spec, (builder) -> builder.executor(Runnable::run), new StringCodec());
		this.raw = this.a.connector.binaryCommands();
	}

	@AfterEach
	void stop() {
		this.loaders.shutdownNow();
		this.a.close();
		this.b.close();
	}

	@Test
	void aLoadRacingAnEvictOrAPutOnTheSameInstanceLeavesNoOldValue() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			race("one:" + round, this.a, this.a, round, () -> {
			});
		}
	}

	@Test
	void aLoadRacingAnEvictOrAPutOnAnotherInstanceLeavesNoOldValue() throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			long expected = round + 1;
			race("two:" + round, this.a, this.b, round, () -> {
				// the writer's invalidation must have reached the loader's instance before its L1 is judged
				await().pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(1))
					.atMost(Duration.ofSeconds(60))
					.until(() -> this.a.tier.stats("projects").invalidationsReceived() >= expected);
			});
		}
	}

	@Test
	void aRefreshRacingAnEvictOrAPutLeavesNoOldValue() throws Exception {
		AtomicLong now = new AtomicLong();
		ExecutorService refresher = Executors.newSingleThreadExecutor();
		try (Instance refreshing = instance(
				CacheSpec.builder(Duration.ofMinutes(5)).refreshAfter(Duration.ofMinutes(1)).jitter(0).build(),
				(builder) -> builder.ticker(now::get).executor(refresher), new StringCodec())) {
			for (int round = 0; round < ROUNDS / 4; round++) {
				String key = "refresh:" + round;
				this.database.put(key, OLD);
				assertThat(refreshing.cache.get(key, () -> this.database.get(key))).isEqualTo(OLD);
				now.addAndGet(Duration.ofMinutes(2).toNanos());
				CountDownLatch loaded = new CountDownLatch(1);
				CountDownLatch release = new CountDownLatch(1);
				Callable<String> slowLoader = () -> {
					String value = this.database.get(key);
					loaded.countDown();
					release.await();
					return value;
				};

				assertThat(refreshing.cache.get(key, slowLoader)).as("served while refreshing").isEqualTo(OLD);
				assertThat(loaded.await(60, TimeUnit.SECONDS)).isTrue();
				write(refreshing.cache, key, round);
				release.countDown();
				// the refresh runs on a single thread: once a later task ran, it has finished
				refresher.submit(() -> {
				}).get(60, TimeUnit.SECONDS);

				assertNoOldValue(key, refreshing.cache);
			}
		}
		finally {
			refresher.shutdownNow();
		}
	}

	@Test
	void aCopyOfARedisValueTakenBeforeAnEvictOrAPutIsNotKeptInTheProcess() throws Exception {
		// the codec holds a read between Redis's answer and the copy into L1, where the race is
		PausingCodec codec = new PausingCodec();
		try (Instance reading = instance(CacheSpec.builder(Duration.ofMinutes(5)).jitter(0).build(),
				(builder) -> builder.executor(Runnable::run), codec)) {
			for (int round = 0; round < ROUNDS / 4; round++) {
				String key = "copy:" + round;
				this.database.put(key, OLD);
				reading.cache.put(key, OLD);
				reading.cache.local().invalidate(key);
				codec.pause = new CountDownLatch(1);
				codec.decoding = new CountDownLatch(1);
				Future<Object> read = this.loaders.submit(() -> reading.cache.getIfPresent(key));
				assertThat(codec.decoding.await(60, TimeUnit.SECONDS)).isTrue();

				write(reading.cache, key, round);
				codec.pause.countDown();
				read.get(60, TimeUnit.SECONDS);

				assertNoOldValue(key, reading.cache);
			}
		}
	}

	/**
	 * One round: the loader's instance misses {@code key} and loads the old value while the
	 * writer's instance changes the database and evicts or puts the key.
	 */
	private void race(String key, Instance loaderInstance, Instance writerInstance, int round, Runnable settle)
			throws Exception {
		this.database.put(key, OLD);
		boolean forced = round % 2 == 0;
		CountDownLatch loaded = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CyclicBarrier together = new CyclicBarrier(2);
		Callable<String> loader = () -> {
			String value = this.database.get(key);
			if (forced) {
				loaded.countDown();
				release.await();
			}
			return value;
		};
		Future<Object> load = this.loaders.submit(() -> {
			if (!forced) {
				together.await(60, TimeUnit.SECONDS);
			}
			return loaderInstance.cache.get(key, loader);
		});
		if (forced) {
			assertThat(loaded.await(60, TimeUnit.SECONDS)).isTrue();
		}
		else {
			awaitBarrier(together);
		}
		write(writerInstance.cache, key, round);
		release.countDown();
		assertThat(load.get(60, TimeUnit.SECONDS)).isIn(OLD, NEW);
		settle.run();

		assertNoOldValue(key, this.a.cache, this.b.cache);
	}

	/** An instance whose commands never time out here: these tests are about order, not time. */
	private Instance instance(CacheSpec spec, Consumer<TieredCache.Builder> customizer, ValueCodec codec) {
		return new Instance(this.redis.uri().toString(), "race", spec, customizer, codec,
				(settings) -> settings.connectTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(10)));
	}

	private void write(TieredCache cache, String key, int round) {
		this.database.put(key, NEW);
		if ((round / 2) % 2 == 0) {
			cache.evict(key);
		}
		else {
			cache.put(key, NEW);
		}
	}

	private void assertNoOldValue(String key, TieredCache... caches) {
		for (TieredCache cache : caches) {
			TieredCache.Entry entry = cache.local().getIfPresent(key);
			assertThat((entry != null) ? entry.value() : null).as("L1 of %s", key).isIn(null, NEW);
		}
		byte[] generation = this.raw.get("{race:projects}:gen");
		String current = ((generation != null) ? new String(generation, StandardCharsets.US_ASCII) : "0") + ":";
		byte[] stored = this.raw.get("{race:projects}:v:" + key);
		boolean ofCurrent = stored != null && new String(stored, StandardCharsets.ISO_8859_1).startsWith(current);
		Object shared = ofCurrent
				? new StringCodec().decode(Arrays.copyOfRange(stored, current.length(), stored.length)) : null;
		assertThat(shared).as("Redis value of %s", key).isIn(null, NEW);
	}

	/** Strings, pausing each decode until released, so a test can act between a read and its use. */
	static final class PausingCodec implements ValueCodec {

		private final StringCodec strings = new StringCodec();

		volatile CountDownLatch decoding = new CountDownLatch(0);

		volatile CountDownLatch pause = new CountDownLatch(0);

		@Override
		public byte[] encode(@Nullable Object value) {
			return this.strings.encode(value);
		}

		@Override
		public @Nullable Object decode(byte[] bytes) {
			this.decoding.countDown();
			try {
				this.pause.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.strings.decode(bytes);
		}

	}

	private static void awaitBarrier(CyclicBarrier barrier) throws Exception {
		try {
			barrier.await(60, TimeUnit.SECONDS);
		}
		catch (BrokenBarrierException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
