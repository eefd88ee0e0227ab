package dev.hardening.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every auto-configuration of the starter in an application without a servlet container (a batch
 * job, a consumer): the context starts, whatever optional class is missing.
 */
class NonWebApplicationTests {

	@Test
	void startsWithoutServletOrSpringMvcOnTheClassPath() throws IOException {
		new ApplicationContextRunner()
			.withClassLoader(new FilteredClassLoader("jakarta.servlet", "org.springframework.web.servlet",
					"org.apache.catalina", "org.springframework.boot.tomcat"))
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(starterAutoConfigurations()))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static Class<?>[] starterAutoConfigurations() throws IOException {
		try (InputStream imports = NonWebApplicationTests.class.getResourceAsStream(
				"/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			return Arrays.stream(new String(imports.readAllBytes(), StandardCharsets.UTF_8).split("\\s+"))
				.filter((name) -> !name.isBlank())
				.map(NonWebApplicationTests::load)
				.toArray(Class[]::new);
		}
	}

	private static Class<?> load(String name) {
		try {
			return Class.forName(name);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
