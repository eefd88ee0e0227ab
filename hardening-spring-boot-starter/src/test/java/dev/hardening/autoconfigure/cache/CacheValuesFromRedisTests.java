package dev.hardening.autoconfigure.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hardening.autoconfigure.cache.JacksonValueCodecTests.Owner;
import dev.hardening.autoconfigure.cache.JacksonValueCodecTests.Project;
import dev.hardening.autoconfigure.cache.JacksonValueCodecTests.Status;
import dev.hardening.cache.CachedValue;
import dev.hardening.cache.RemoteRead;
import dev.hardening.cache.redis.RedisTier;
import dev.hardening.redis.RedisBreaker;
import dev.hardening.redis.RedisConnector;
import dev.hardening.redis.RedisSettings;
import dev.hardening.test.TestRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values read from a real Redis through the tier and the application's codec: whatever another
 * writer put there, a read is a value of a declared type or a clean miss, and a value the codec
 * refuses is deleted without its class being built.
 */
class CacheValuesFromRedisTests {

	private static final String KEY = "{values:projects}:v:k";

	private static final CacheValueTypes TYPES = CacheValueTypes.of(Project.class);

	private static RedisConnector connector;

	private static RedisTier tier;

	private static RedisClusterCommands<String, byte[]> raw;

	@BeforeContainer
	static void start() {
		TestRedis redis = TestRedis.shared();
		connector = RedisConnector.create(RedisSettings.builder(redis.uri().toString())
			.connectTimeout(Duration.ofSeconds(10))
			.commandTimeout(Duration.ofSeconds(5))
			.build());
		tier = RedisTier.create(connector, new JacksonValueCodec(JsonMapper.builder().build(), TYPES), "values",
				RedisBreaker.create("values", Duration.ofSeconds(10)));
		raw = connector.binaryCommands();
	}

	@AfterContainer
	static void stop() {
		tier.close();
		connector.close();
	}

	@Property(tries = 20)
	void theApplicationsValuesRoundTripThroughRedis(@ForAll("projects") Object value) {
		tier.put("projects", "k", value, Duration.ofMinutes(1));

		assertThat(tier.read("projects", "k").found()).isEqualTo(new CachedValue(value));
	}

	@Property(tries = 10)
	void aValueNamingAGadgetIsRefusedAndDeletedNeverBuilt(@ForAll("gadgets") String gadget) {
		long timerThreads = Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("Timer-")).count();
		long undecodable = tier.stats("projects").undecodable();
		raw.set(KEY, ofGenerationZero(JacksonValueCodecTests.envelope("[\"" + gadget + "\",{}]")));

		RemoteRead read = tier.read("projects", "k");

		assertThat(read.found()).isNull();
		assertThat(raw.exists(KEY)).as("deleted").isZero();
		assertThat(tier.stats("projects").undecodable()).isEqualTo(undecodable + 1);
		assertThat(Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("Timer-"))
			.count()).isEqualTo(timerThreads);
	}

	@Property(tries = 500)
	void whateverRedisHoldsAReadIsADeclaredValueOrACleanMiss(@ForAll("envelopes") byte[] stored) {
		raw.set(KEY, ofGenerationZero(stored));

		RemoteRead read = tier.read("projects", "k");

		CachedValue found = read.found();
		if (found != null && found.value() != null) {
			assertThat(TYPES.admits(found.value().getClass().getName())).as("%s", found.value().getClass()).isTrue();
		}
		else if (found == null) {
			assertThat(raw.exists(KEY)).as("an unreadable value is deleted").isZero();
		}
		assertThat(JacksonValueCodecTests.sneakyInstances).hasValue(0);
	}

	/** A value as the tier stores it: after the generation it was written in, here the first. */
	private static byte[] ofGenerationZero(byte[] value) {
		byte[] stored = new byte[value.length + 2];
		stored[0] = '0';
		stored[1] = ':';
		System.arraycopy(value, 0, stored, 2, value.length);
		return stored;
	}

	@Provide
	Arbitrary<Object> projects() {
		Arbitrary<Project> project = Combinators
			.combine(Arbitraries.longs(), Arbitraries.strings().ofMaxLength(20),
					Arbitraries.strings().alpha().ofMaxLength(5).list().ofMaxSize(3), Arbitraries.of(Status.class))
			.as((id, name, tags, status) -> new Project(id, name, Instant.ofEpochSecond(id % 10_000_000_000L), tags,
					Optional.of(name), status, new Owner(name, null)));
		return Arbitraries.oneOf(project, project.list().ofMaxSize(3).map((list) -> (Object) list),
				project.map((p) -> (Object) Map.of("p", p)));
	}

	@Provide
	Arbitrary<String> gadgets() {
		return Arbitraries.of("java.util.Timer", "java.lang.Thread", "java.lang.ProcessBuilder",
				"java.util.concurrent.ThreadPoolExecutor", "java.util.logging.FileHandler",
				JacksonValueCodecTests.Sneaky.class.getName(), "java.util.ArrayList<java.util.Timer>",
				"[Ljava.util.Timer;", "javax.naming.InitialContext", "no.such.Type");
	}

	@Provide
	Arbitrary<byte[]> envelopes() {
		Arbitrary<String> typeIds = Arbitraries.of("java.util.Timer", "java.lang.Thread", "java.util.ArrayList",
				"java.util.HashMap", "java.util.ImmutableCollections$ListN", "java.lang.Long", "java.time.Instant",
				"[I", "[Ljava.lang.String;", Project.class.getName(), JacksonValueCodecTests.Sneaky.class.getName(),
				"java.util.ArrayList<" + JacksonValueCodecTests.Sneaky.class.getName() + ">", "", "[", "java.util.",
				JacksonValueCodec.Envelope.class.getName());
		Arbitrary<String> json = Arbitraries.recursive(
				() -> Arbitraries.oneOf(Arbitraries.of("null", "true", "1", "-1.5e3", "\"x\"", "{}", "[]",
						"\"2026-11-23T12:00:00Z\"", "{\"name\":\"x\"}"), Arbitraries.strings().ofMaxLength(8).map((s) -> '"' + s.replace("\\", "").replace("\"", "") + '"')),
				(inner) -> Arbitraries.oneOf(
						Combinators.combine(typeIds, inner).as((id, value) -> "[\"" + id + "\"," + value + "]"),
						inner.list().ofMaxSize(3).map((items) -> "[" + String.join(",", items) + "]"),
						inner.map((value) -> "{\"value\":" + value + "}")),
				3);
		Arbitrary<byte[]> envelopes = json
			.map((value) -> JacksonValueCodecTests.envelope(value));
		Arbitrary<byte[]> anything = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
		Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(64).map((s) -> s.getBytes(StandardCharsets.UTF_8));
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, envelopes), net.jqwik.api.Tuple.of(2, json.map((s) -> s.getBytes(StandardCharsets.UTF_8))),
				net.jqwik.api.Tuple.of(1, anything), net.jqwik.api.Tuple.of(1, text));
	}


}
