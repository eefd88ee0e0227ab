package dev.hardening.autoconfigure.cache;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * The codec reads back the application's declared value types and refuses, before loading it,
 * every class it was not told about, whatever its package.
 */
class JacksonValueCodecTests {

	static final AtomicInteger sneakyInstances = new AtomicInteger();

	private final JacksonValueCodec codec = new JacksonValueCodec(JsonMapper.builder().build(),
			CacheValueTypes.of(Project.class, Catalog.class, Shape.class));

	@Test
	void readsBackWhatItWroteWithItsTypes() {
		Project project = new Project(7, "Apollo", Instant.parse("2026-11-23T12:00:00Z"), List.of("a", "b"),
				Optional.empty(), Status.ACTIVE, new Owner("ada", LocalDate.parse("2026-01-02")));
		List<Object> values = new ArrayList<>();
		values.add(project);
		values.add(List.of(project, project));
		values.add(new ArrayList<>(List.of(project)));
		values.add(Collections.unmodifiableList(new ArrayList<>(List.of("u"))));
		values.add(Map.of("k", 1L));
		values.add(new HashMap<>(Map.of("p", project)));
		values.add(new TreeMap<>(Map.of("a", 1, "b", 2)));
		values.add(new LinkedHashMap<>(Map.of("when", Instant.EPOCH)));
		values.add(Set.of("x"));
		values.add("text");
		values.add(42);
		values.add(42L);
		values.add(new BigDecimal("12.50"));
		values.add(UUID.fromString("019a4f0c-7b1e-7c3d-9a5e-2f4b8c6d1e0a"));
		values.add(Status.ARCHIVED);
		values.add(new int[] { 1, 2 });
		values.add(Instant.parse("2026-11-23T12:00:00Z"));
		values.add(LocalDate.parse("2026-11-23"));
		values.add(Duration.ofMinutes(5));
		values.add(new Catalog(List.of(new Circle(1.5), new Square(2)), Map.of("top", project)));
		values.add(null);

		for (Object value : values) {
			Object decoded = this.codec.decode(this.codec.encode(value));
			if (value instanceof int[] array) {
				assertThat((int[]) decoded).containsExactly(array);
				continue;
			}
			assertThat(decoded).as("%s", value).isEqualTo(value);
			if (value != null) {
				assertThat(decoded).as("type of %s", value)
					.isInstanceOf((value instanceof List<?>) ? List.class : (value instanceof Map<?, ?>) ? Map.class
							: (value instanceof Set<?>) ? Set.class : value.getClass());
			}
		}
	}

	@Test
	void readsBackZonedAndOffsetTimesAsTheSameInstant() {
		ZonedDateTime zoned = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneId.of("Europe/Paris"));
		OffsetDateTime offset = zoned.toOffsetDateTime();

		assertThat(((ZonedDateTime) this.codec.decode(this.codec.encode(zoned))).toInstant())
			.isEqualTo(zoned.toInstant());
		assertThat(((OffsetDateTime) this.codec.decode(this.codec.encode(offset))).toInstant())
			.isEqualTo(offset.toInstant());
	}

	@Test
	void refusesAClassOfAnAllowedJdkPackageWithoutBuildingIt() {
		long timerThreads = timerThreads();

		for (String gadget : List.of("java.util.Timer", "java.lang.Thread", "java.lang.ProcessBuilder",
				"java.util.concurrent.ScheduledThreadPoolExecutor", "java.util.logging.FileHandler",
				"java.lang.Runtime", "java.util.Scanner")) {
			assertThatRuntimeException().as(gadget)
				.isThrownBy(() -> this.codec.decode(envelope("[\"" + gadget + "\",{}]")))
				.withMessageContaining(gadget);
		}

		assertThat(timerThreads()).as("Timer threads started").isEqualTo(timerThreads);
	}

	@Test
	void refusesAnUndeclaredClassOfTheApplicationsOwnPackageWithoutBuildingIt() {
		assertThatRuntimeException()
			.isThrownBy(() -> this.codec.decode(envelope("[\"" + Sneaky.class.getName() + "\",{\"name\":\"x\"}]")));
		assertThatRuntimeException().isThrownBy(() -> this.codec
			.decode(envelope("[\"java.util.ArrayList\",[[\"" + Sneaky.class.getName() + "\",{\"name\":\"x\"}]]]")));

		assertThat(sneakyInstances).hasValue(0);
	}

	@Test
	void refusesGenericTypeIdsWhoseArgumentsWouldEscapeTheCheck() {
		assertThatRuntimeException().isThrownBy(() -> this.codec
			.decode(envelope("[\"java.util.ArrayList<" + Sneaky.class.getName() + ">\",[{\"name\":\"x\"}]]")));

		assertThat(sneakyInstances).hasValue(0);
	}

	@Test
	void readsArraysOnlyOfAdmittedTypes() {
		assertThat((Object[]) this.codec.decode(envelope("[\"[Ljava.lang.String;\",[\"a\"]]"))).containsExactly("a");
		assertThatRuntimeException()
			.isThrownBy(() -> this.codec.decode(envelope("[\"[Ljava.util.Timer;\",[{}]]")));
	}

	@Test
	void admitsAJdkTypeOnlyWhenListedExactly() {
		JacksonValueCodec listed = new JacksonValueCodec(JsonMapper.builder().build(), new CacheValueTypes());
		byte[] uri = envelope("[\"java.net.URI\",\"https://example.com\"]");
		byte[] url = envelope("[\"java.net.URL\",\"https://example.com\"]");
		assertThat(listed.decode(uri)).hasToString("https://example.com");
		assertThatRuntimeException().isThrownBy(() -> listed.decode(url));

		CacheValueTypes types = new CacheValueTypes();
		types.admit(java.net.URL.class);
		assertThat(new JacksonValueCodec(JsonMapper.builder().build(), types).decode(url))
			.hasToString("https://example.com");
	}

	@Test
	void failsOnBytesItDidNotWrite() {
		assertThatRuntimeException()
			.isThrownBy(() -> this.codec.decode("{broken".getBytes(StandardCharsets.UTF_8)));
	}

	static byte[] envelope(String value) {
		return ("[\"" + JacksonValueCodec.Envelope.class.getName() + "\",{\"value\":" + value + "}]")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static long timerThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().startsWith("Timer-"))
			.count();
	}

	record Project(long id, String name, Instant createdAt, List<String> tags, Optional<String> note, Status status,
			Owner owner) {
	}

	record Owner(String login, LocalDate since) {
	}

	record Catalog(List<Shape> shapes, Map<String, Project> featured) {
	}

	sealed interface Shape permits Circle, Square {

	}

	record Circle(double radius) implements Shape {
	}

	record Square(int side) implements Shape {
	}

	enum Status {

		ACTIVE, ARCHIVED

	}

	/** A class of the application's package that no cache declares; building one has an effect. */
	static class Sneaky {

		private String name;

		Sneaky() {
			sneakyInstances.incrementAndGet();
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

}
