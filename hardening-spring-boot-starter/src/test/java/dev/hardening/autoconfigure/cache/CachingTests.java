package dev.hardening.autoconfigure.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.hardening.test.RedisExtension;
import dev.hardening.test.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} unchanged, over the tiered caches:
 * in one application on a ticker the test moves, and in two applications sharing one Redis.
 */
@ExtendWith(RedisExtension.class)
class CachingTests {

	@Test
	void cacheableIsServedFromTheProcessUntilItsTtl() {
		try (ConfigurableApplicationContext context = start()) {
			ProjectService projects = context.getBean(ProjectService.class);
			AtomicLong ticker = context.getBean(TestTicker.class).nanos;

			assertThat(projects.find(1)).isEqualTo("project 1 v1");
			assertThat(projects.find(1)).isEqualTo("project 1 v1");
			assertThat(projects.loads()).isEqualTo(1);

			ticker.addAndGet(Duration.ofSeconds(30).toNanos());
			assertThat(projects.find(1)).isEqualTo("project 1 v1");
			assertThat(projects.loads()).isEqualTo(2);
		}
	}

	@Test
	void putAndEvictKeepTheCacheInStep() {
		try (ConfigurableApplicationContext context = start()) {
			ProjectService projects = context.getBean(ProjectService.class);
			projects.find(1);

			projects.rename(1, "renamed");
			assertThat(projects.find(1)).isEqualTo("renamed");
			projects.delete(1);
			assertThat(projects.find(1)).isEqualTo("project 1 v1");
			assertThat(projects.loads()).isEqualTo(2);
		}
	}

	@Test
	void anUpdateThroughOneInstanceIsSeenThroughTheOtherOnItsNextRead(TestRedis redis) {
		try (ConfigurableApplicationContext a = start("hardening.redis.url=" + redis.uri());
				ConfigurableApplicationContext b = start("hardening.redis.url=" + redis.uri())) {
			ProjectService onA = a.getBean(ProjectService.class);
			ProjectService onB = b.getBean(ProjectService.class);
			assertThat(onA.find(2)).isEqualTo("project 2 v1");
			assertThat(onB.find(2)).as("served from Redis").isEqualTo("project 2 v1");
			assertThat(onB.loads()).isEqualTo(0);

			onA.rename(2, "renamed on A");
			await().until(() -> "renamed on A".equals(onB.find(2)));

			onA.delete(2);
			await().until(() -> "project 2 v1".equals(onB.find(2)) && onB.loads() == 1);
		}
	}

	@Test
	void concurrentCallersOfAPlainCacheableMethodCauseOneLoad() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			SlowService slow = context.getBean(SlowService.class);
			int callers = 16;
			List<Thread> threads = new CopyOnWriteArrayList<>();
			ExecutorService executor = Executors.newFixedThreadPool(callers, (task) -> {
				Thread thread = new Thread(task);
				threads.add(thread);
				return thread;
			});
			try {
				List<Future<String>> results = new ArrayList<>();
				for (int i = 0; i < callers; i++) {
					results.add(executor.submit(() -> slow.find(1)));
				}
				assertThat(slow.awaitLoading()).isTrue();
				// every caller is blocked, in the loader or waiting for another caller's load
				await().atMost(Duration.ofSeconds(30))
					.until(() -> threads.size() == callers
							&& threads.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
				slow.release();
				for (Future<String> result : results) {
					assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("slow 1");
				}
			}
			finally {
				executor.shutdownNow();
			}

			assertThat(slow.started()).isEqualTo(1);
		}
	}

	@Test
	void cacheableMethodsSpringCannotSynchronizeStillCache() {
		try (ConfigurableApplicationContext context = start()) {
			SlowService slow = context.getBean(SlowService.class);
			slow.release();

			assertThat(slow.findUnlessEmpty(1)).isEqualTo("unless 1");
			assertThat(slow.findUnlessEmpty(1)).isEqualTo("unless 1");
			assertThat(slow.findInTwoCaches(1)).isEqualTo("two 1");
			assertThat(slow.findInTwoCaches(1)).isEqualTo("two 1");

			assertThat(slow.started()).isEqualTo(2);
		}
	}

	@Test
	void aRecordReturnedByACacheableMethodIsReadBackFromRedisByAnotherInstance(TestRedis redis) {
		try (ConfigurableApplicationContext a = start("hardening.redis.url=" + redis.uri());
				ConfigurableApplicationContext b = start("hardening.redis.url=" + redis.uri())) {
			ProjectService onA = a.getBean(ProjectService.class);
			ProjectService onB = b.getBean(ProjectService.class);

			assertThat(onA.view(3)).isEqualTo(new ProjectView(3, "project 3", List.of("x")));
			assertThat(onB.view(3)).isEqualTo(new ProjectView(3, "project 3", List.of("x")));

			assertThat(onB.loads()).as("read from Redis, not loaded").isZero();
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "hardening.cache.caches.projects.ttl=1m",
					"hardening.cache.caches.projects.l1-ttl=30s", "hardening.cache.caches.projects.jitter=0")
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class TestApplication {

		@Bean
		ProjectService projectService() {
			return new ProjectService();
		}

		@Bean
		SlowService slowService() {
			return new SlowService();
		}

		@Bean
		TestTicker testTicker() {
			return new TestTicker();
		}

	}

	static class TestTicker implements Ticker {

		final AtomicLong nanos = new AtomicLong();

		@Override
		public long read() {
			return this.nanos.get();
		}

	}

	static class ProjectService {

		private final AtomicInteger loads = new AtomicInteger();

		private final Map<Long, String> names = new ConcurrentHashMap<>();

		/** Not cached: the proxy passes it to the bean, whose counter it reads. */
		public int loads() {
			return this.loads.get();
		}

		@Cacheable("projects")
		public String find(long id) {
			this.loads.incrementAndGet();
			return this.names.getOrDefault(id, "project " + id + " v1");
		}

		@Cacheable("views")
		public ProjectView view(long id) {
			this.loads.incrementAndGet();
			return new ProjectView(id, "project " + id, List.of("x"));
		}

		@CachePut(cacheNames = "projects", key = "#id")
		public String rename(long id, String name) {
			this.names.put(id, name);
			return name;
		}

		@CacheEvict(cacheNames = "projects", key = "#id")
		public void delete(long id) {
			this.names.remove(id);
		}

	}

	record ProjectView(long id, String name, List<String> tags) {
	}

	/** A loader that holds every caller that reaches it until released. */
	static class SlowService {

		private final AtomicInteger started = new AtomicInteger();

		private final CountDownLatch loading = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		/** Not cached, as the other methods here: the proxy passes it to the bean. */
		public int started() {
			return this.started.get();
		}

		public boolean awaitLoading() throws InterruptedException {
			return this.loading.await(30, TimeUnit.SECONDS);
		}

		public void release() {
			this.release.countDown();
		}

		@Cacheable("slow")
		public String find(long id) throws InterruptedException {
			this.started.incrementAndGet();
			this.loading.countDown();
			this.release.await();
			return "slow " + id;
		}

		@Cacheable(cacheNames = "slow", key = "'unless' + #id", unless = "#result == null")
		public String findUnlessEmpty(long id) {
			this.started.incrementAndGet();
			return "unless " + id;
		}

		@Cacheable(cacheNames = { "slow", "other" }, key = "'two' + #id")
		public String findInTwoCaches(long id) {
			this.started.incrementAndGet();
			return "two " + id;
		}

	}

}
