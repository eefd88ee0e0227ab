package dev.hardening.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
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
			boolean ours = name.startsWith("hardening.") || name.startsWith("management.endpoint.hardening.")
					|| name.startsWith("management.endpoint.audit.");
			if (ours && !reference.contains("`" + name + "`")) {
				missing.add(name);
			}
		}

		assertThat(missing).as("properties missing from docs/properties.md").isEmpty();
	}

	@Test
	void everyMemberOfAListOrMapElementIsNamedInItsPropertysSection() throws Exception {
		List<String> reference = Files.readAllLines(Path.of("..", "docs", "properties.md"));
		Pattern element = Pattern.compile("java\\.util\\.(?:List|Map)<(?:java\\.lang\\.String,)?(dev\\.hardening\\.[\\w.$]+)>");
		List<String> unnamed = new ArrayList<>();
		int checked = 0;
		for (JsonNode property : metadata().path("properties")) {
			String name = property.path("name").asString();
			Matcher type = element.matcher(property.path("type").asString());
			if (!name.startsWith("hardening.") || !type.matches()) {
				continue;
			}
			String section = sectionOf(reference, name);
			for (String member : members(Class.forName(type.group(1)))) {
				checked++;
				if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(member) + "(?![\\w-])").matcher(section).find()) {
					unnamed.add(name + ": " + member);
				}
			}
		}

		assertThat(checked).as("members checked").isGreaterThan(30);
		assertThat(unnamed).as("members not named in their property's section of docs/properties.md").isEmpty();
	}

	/** The lines of the ## section whose table has the property's row. */
	private static String sectionOf(List<String> reference, String property) {
		int row = -1;
		for (int i = 0; i < reference.size() && row < 0; i++) {
			if (reference.get(i).startsWith("| `" + property + "` |")) {
				row = i;
			}
		}
		assertThat(row).as("row of %s", property).isNotNegative();
		int start = row;
		while (start > 0 && !reference.get(start).startsWith("## ")) {
			start--;
		}
		int end = row + 1;
		while (end < reference.size() && !reference.get(end).startsWith("## ")) {
			end++;
		}
		return String.join("\n", reference.subList(start, end));
	}

	/** A properties class's members as they are written in YAML: kebab-case, settable. */
	private static List<String> members(Class<?> type) {
		List<String> members = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getWriteMethod() != null) {
				members.add(descriptor.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
			}
		}
		return members;
	}

	private static JsonNode metadata() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
