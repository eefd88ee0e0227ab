package dev.hardening.cache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.cache.CacheSpec;
import dev.hardening.cache.CachedValue;
import dev.hardening.cache.redis.RedisTierTests.Instance;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedisCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances, each with its own Cluster connection, tier and local cache, on a real
 * three-primary Redis Cluster. Each test runs once for a cache whose slot is on each node, so
 * that the invalidations travel from every node to a subscriber on another.
 */
class RedisTierClusterTests {

	private final TestRedisCluster cluster = TestRedisCluster.shared();

	private final AtomicInteger loads = new AtomicInteger();

	private final List<Instance> instances = new ArrayList<>();

	@BeforeEach
	void flush() {
		this.cluster.flushAll();
	}

	@AfterEach
	void stop() {
		this.instances.forEach(Instance::close);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2 })
	void aCacheKeepsEveryKeyInTheSlotOfItsHashTag(int node) {
		String prefix = prefixOnNode(node);
		Instance a = instance(prefix);

		a.cache.get("k", load("v"));
		a.cache.put("other", "w");

		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			keys.addAll(this.cluster.onNode(i, (connection) -> connection.sync().keys("*")));
		}
		assertThat(keys).isNotEmpty()
			.allSatisfy((key) -> assertThat(key).startsWith("{" + prefix + ":projects}:"))
			.extracting(SlotHash::getSlot)
			.containsOnly(SlotHash.getSlot("{" + prefix + ":projects}"));
		assertThat(this.cluster.nodeOfSlot(SlotHash.getSlot(keys.get(0)))).isEqualTo(node);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2 })
	void aValueLoadedByOneInstanceIsServedToTheOtherAndItsEvictReachesTheOther(int node) {
		String prefix = prefixOnNode(node);
		Instance a = instance(prefix);
		Instance b = instance(prefix);
		assertThat(a.cache.get("k", load("v"))).isEqualTo("v");
		assertThat(b.cache.get("k", load("other"))).isEqualTo("v");
		assertThat(this.loads).hasValue(1);

		a.cache.evict("k");

		await().until(() -> b.cache.getIfPresent("k") == null);
		assertThat(b.cache.get("k", load("fresh"))).isEqualTo("fresh");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2 })
	void aPutOnOneInstanceIsSeenByTheOther(int node) {
		String prefix = prefixOnNode(node);
		Instance a = instance(prefix);
		Instance b = instance(prefix);
		a.cache.get("k", load("v1"));
		b.cache.get("k", load("v1"));

		a.cache.put("k", "v2");

		await().until(() -> {
			CachedValue seen = b.cache.getIfPresent("k");
			return seen == null || "v2".equals(seen.value());
		});
		assertThat(b.cache.get("k", load("stale"))).isEqualTo("v2");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2 })
	void clearEmptiesTheCacheForEveryInstanceWithOneIncrAndOnePublish(int node) {
		String prefix = prefixOnNode(node);
		Instance a = instance(prefix);
		Instance b = instance(prefix);
		for (int i = 0; i < 50; i++) {
			a.cache.get("k" + i, load("v"));
			b.cache.get("k" + i, load("v"));
		}
		this.cluster.resetStats();

		a.cache.clear();

		assertThat(this.cluster.calls("incr")).isOne();
		assertThat(this.cluster.calls("publish")).isOne();
		assertThat(this.cluster.calls("keys") + this.cluster.calls("scan") + this.cluster.calls("del")
				+ this.cluster.calls("unlink")).isZero();
		await().until(() -> b.cache.local().estimatedSize() == 0);
		assertThat(b.cache.get("k1", load("fresh"))).isEqualTo("fresh");
		assertThat(a.cache.get("k2", load("fresh too"))).isEqualTo("fresh too");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2 })
	void eachReadAndEachWriteIsOneScriptOnOneNode(int node) {
		String prefix = prefixOnNode(node);
		Instance a = instance(prefix);
		// the node has each script once it ran: warm up so the counts below are the usual case
		a.cache.get("warm", load("v"));
		a.tier.put("projects", "warm", "v", Duration.ofMinutes(1));
		this.cluster.resetStats();

		for (int i = 0; i < 20; i++) {
			a.tier.read("projects", "k" + i);
			a.tier.put("projects", "k" + i, "v" + i, Duration.ofMinutes(1));
		}

		// the GETs and SETs inside the scripts count too, so the round trips are the EVALSHAs
		assertThat(this.cluster.calls("evalsha")).isEqualTo(40);
		assertThat(this.cluster.calls("eval")).isZero();
	}

	private Instance instance(String prefix) {
		Instance instance = new Instance(RedisSettings.cluster(this.cluster.addresses()), prefix,
				CacheSpec.builder(Duration.ofMinutes(1)).jitter(0).build());
		this.instances.add(instance);
		return instance;
	}

	/** A key prefix whose cache {@code projects} hashes to a slot of the given node. */
	private String prefixOnNode(int node) {
		for (int i = 0;; i++) {
			String prefix = "test:cluster:" + i;
			if (this.cluster.nodeOfSlot(SlotHash.getSlot("{" + prefix + ":projects}")) == node) {
				return prefix;
			}
		}
	}

	private Callable<String> load(String value) {
		return () -> {
			this.loads.incrementAndGet();
			return value;
		};
	}

}
