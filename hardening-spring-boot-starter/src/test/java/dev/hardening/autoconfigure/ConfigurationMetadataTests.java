package dev.hardening.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs show users, generated from the properties classes.
 */
class ConfigurationMetadataTests {

	@Test
	void everyHardeningPropertyIsDescribed() throws IOException {
		List<String> undescribed = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (JsonNode property : metadata().path("properties")) {
			String name = property.path("name").asString();
			if (name.startsWith("hardening.")) {
				names.add(name);
				if (property.path("description").asString().isBlank()) {
					undescribed.add(name);
				}
			}
		}

		assertThat(names).contains("hardening.errors.enabled", "hardening.errors.type-base-uri",
				"hardening.errors.expose-exception-messages", "hardening.request-id.enabled",
				"hardening.request-id.header", "hardening.request-id.trust-incoming");
		assertThat(undescribed).as("hardening.* properties without a description").isEmpty();
	}

	@Test
	void everyCapabilityCanBeSwitchedOff() throws IOException {
		List<String> groups = new ArrayList<>();
		List<String> names = new ArrayList<>();
		metadata().path("groups").forEach((group) -> groups.add(group.path("name").asString()));
		metadata().path("properties").forEach((property) -> names.add(property.path("name").asString()));

		for (String group : groups) {
			if (group.matches("hardening\\.[a-z-]+")) {
				assertThat(names).as("switch of %s", group).contains(group + ".enabled");
			}
		}
	}

	@Test
	void everyHardeningPropertyIsInThePropertiesReference() throws IOException {
		String reference = Files.readString(Path.of("..", "docs", "properties.md"));
		List<String> missing = new ArrayList<>();
		for (JsonNode property : metadata().path("properties")) {
			String name = property.path("name").asString();
			if (name.startsWith("hardening.") && !reference.contains("`" + name + "`")) {
				missing.add(name);
			}
		}

		assertThat(missing).as("properties missing from docs/properties.md").isEmpty();
	}

	private static JsonNode metadata() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
