package dev.hardening.autoconfigure.cache;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

class JacksonValueCodecTests {

	private final JacksonValueCodec codec = new JacksonValueCodec(JsonMapper.builder().build(),
			List.of("dev.hardening.autoconfigure.cache"));

	@Test
	void readsBackWhatItWroteWithItsTypes() {
		Project project = new Project(7, "Apollo", Instant.parse("2026-11-23T12:00:00Z"), List.of("a", "b"),
				Optional.empty(), Status.ACTIVE);
		List<Object> values = new ArrayList<>();
		values.add(project);
		values.add(List.of(project, project));
		values.add(Map.of("k", 1L));
		values.add(new HashMap<>(Map.of("p", project)));
		values.add(Set.of("x"));
		values.add("text");
		values.add(42);
		values.add(42L);
		values.add(new BigDecimal("12.50"));
		values.add(UUID.fromString("019a4f0c-7b1e-7c3d-9a5e-2f4b8c6d1e0a"));
		values.add(Status.ARCHIVED);
		values.add(new int[] { 1, 2 });
		values.add(null);

		for (Object value : values) {
			Object decoded = this.codec.decode(this.codec.encode(value));
			assertThat(decoded).as("%s", value).isEqualTo(value);
			if (value != null) {
				assertThat(decoded).as("type of %s", value).isInstanceOf(value.getClass().isArray() ? int[].class
						: (value instanceof List<?> ? List.class : (value instanceof Map<?, ?> ? Map.class
								: (value instanceof Set<?> ? Set.class : value.getClass()))));
			}
		}
	}

	@Test
	void refusesToInstantiateTypesOutsideTheTrustedPackages() {
		byte[] hostile = "[\"dev.hardening.autoconfigure.cache.JacksonValueCodec$Envelope\",{\"value\":[\"javax.naming.InitialContext\",{}]}]"
			.getBytes(StandardCharsets.UTF_8);

		assertThatRuntimeException().isThrownBy(() -> this.codec.decode(hostile))
			.withMessageContaining("javax.naming.InitialContext");
	}

	@Test
	void failsOnBytesItDidNotWrite() {
		assertThatRuntimeException()
			.isThrownBy(() -> this.codec.decode("{broken".getBytes(StandardCharsets.UTF_8)));
	}

	record Project(long id, String name, Instant createdAt, List<String> tags, Optional<String> note, Status status) {
	}

	enum Status {

		ACTIVE, ARCHIVED

	}

}
