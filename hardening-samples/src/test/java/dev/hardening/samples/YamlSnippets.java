package dev.hardening.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a YAML snippet of the docs as Spring Boot would read it: each {@code hardening.*} prefix
 * bound to the starter's own {@code @ConfigurationProperties} class, so that an unknown key or a
 * value of the wrong kind fails; {@code spring.*}, {@code management.*}, {@code server.*} and
 * {@code logging.*} keys looked up in the configuration metadata on the class path. Members of a
 * map or list entry that have no metadata of their own are accepted under the entry's property.
 */
final class YamlSnippets {

	private static final List<String> CHECKED_ROOTS = List.of("spring.", "management.", "server.", "logging.");

	private final Map<String, Class<?>> propertiesClasses = new TreeMap<>();

	private final Set<String> metadataProperties = new HashSet<>();

	private final Set<String> containerProperties = new HashSet<>();

	YamlSnippets() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		for (BeanDefinition candidate : scanner.findCandidateComponents("dev.hardening.autoconfigure")) {
			Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			this.propertiesClasses.put(prefix, type);
		}
		readMetadata("META-INF/spring-configuration-metadata.json");
		readMetadata("META-INF/additional-spring-configuration-metadata.json");
	}

	/** Parses the snippet, binds and looks up its keys; returns what is wrong, empty if nothing. */
	List<String> check(String yaml) {
		List<String> problems = new ArrayList<>();
		Map<String, Object> flat = new LinkedHashMap<>();
		// Boot's own loader, as an application reads its application.yml (dates stay text, for one)
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("snippet",
					new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))) {
				((Map<?, ?>) source.getSource()).forEach((key, value) -> flat.put(String.valueOf(key),
						(value instanceof OriginTrackedValue tracked) ? tracked.getValue() : value));
			}
		}
		catch (IOException | RuntimeException ex) {
			problems.add("not a map of properties: " + ex.getMessage());
		}
		Binder binder = new Binder(new MapConfigurationPropertySource(flat));
		Set<String> bound = new HashSet<>();
		for (String key : flat.keySet()) {
			if (key.startsWith("hardening.")) {
				String prefix = this.propertiesClasses.keySet()
					.stream()
					.filter((candidate) -> key.startsWith(candidate + ".") || key.equals(candidate))
					.reduce((a, b) -> (a.length() >= b.length()) ? a : b)
					.orElse(null);
				if (prefix == null) {
					problems.add(key + ": no @ConfigurationProperties class of the starter has this prefix");
				}
				else if (bound.add(prefix)) {
					try {
						binder.bind(prefix, Bindable.of(this.propertiesClasses.get(prefix)),
								new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
					}
					catch (RuntimeException ex) {
						problems.add(prefix + ": " + describe(ex));
					}
				}
			}
			else if (CHECKED_ROOTS.stream().anyMatch(key::startsWith) && !known(key)) {
				problems.add(key + ": no such property in the configuration metadata");
			}
		}
		return problems;
	}

	private boolean known(String key) {
		String name = key;
		if (this.metadataProperties.contains(name)) {
			return true;
		}
		// a member of a map or list entry: accepted under the map or list property
		for (int end = name.length(); end > 0; end = Math.max(name.lastIndexOf('.', end - 1), name.lastIndexOf('[', end - 1))) {
			String candidate = name.substring(0, end);
			if (this.containerProperties.contains(candidate)) {
				return true;
			}
		}
		return false;
	}

	private static String describe(Throwable ex) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			message.append(cause.getMessage()).append(" / ");
		}
		return message.toString();
	}

	private void readMetadata(String resource) {
		JsonMapper json = JsonMapper.builder().build();
		try {
			Enumeration<URL> urls = getClass().getClassLoader().getResources(resource);
			while (urls.hasMoreElements()) {
				try (InputStream in = urls.nextElement().openStream()) {
					JsonNode metadata = json.readTree(in);
					for (JsonNode property : metadata.path("properties")) {
						String name = property.path("name").asString();
						this.metadataProperties.add(name);
						String type = property.path("type").asString("");
						if (type.startsWith("java.util.Map") || type.startsWith("java.util.List")
								|| type.startsWith("java.util.Set") || type.startsWith("java.util.Collection")
								|| type.endsWith("[]")) {
							this.containerProperties.add(name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
