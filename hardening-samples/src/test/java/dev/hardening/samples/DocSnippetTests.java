package dev.hardening.samples;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java and YAML snippet of the README and of {@code docs/}, one test each, named by file
 * and line: Java snippets compile, all in one compiler run against the test class path; YAML
 * snippets bind to the starter's {@code @ConfigurationProperties} classes ({@code hardening.*})
 * or name properties in Spring Boot's metadata ({@code spring.*}, {@code management.*},
 * {@code server.*}, {@code logging.*}).
 * <p>
 * Conventions in the Markdown, written once here:
 * <ul>
 * <li>A Java snippet is a whole file, starting with its {@code package}, with its imports; or its
 * first line is {@code // fragment: members} (fields and methods of a class) or
 * {@code // fragment: statements} (the body of a method), optionally followed by
 * {@code with Type name; Other other}, the fields it uses. The test wraps a fragment in a class of
 * package {@code com.example}, where the fixtures the docs name live (test sources); its
 * {@code import} lines go above that class. A body written <code>{ ... }</code> compiles as one
 * that throws.</li>
 * <li>{@code <!-- doc-test: skip REASON -->} on the line before a fence skips the block, with the
 * reason in the test's name; {@code <!-- doc-test: given Type name; ... -->} adds fields to a
 * fragment's class without showing them.</li>
 * </ul>
 */
class DocSnippetTests {

	@TestFactory
	Stream<DynamicTest> everyJavaAndYamlSnippetCompilesOrBinds() {
		List<DocSnippet> snippets = DocSnippet.all(DocSnippet.repository());
		assertThat(snippets).isNotEmpty();
		JavaSnippets java = JavaSnippets.compile(snippets.stream()
			.filter((snippet) -> snippet.language().equals("java") && snippet.skipReason() == null)
			.toList());
		YamlSnippets yaml = new YamlSnippets();
		Stream<DynamicTest> checks = Stream.of(
				DynamicTest.dynamicTest("the YAML check refuses a misspelled hardening key", () -> assertThat(
						yaml.check("hardening:\n  jdbc:\n    statment-timeout: 1s\n")).isNotEmpty()),
				DynamicTest.dynamicTest("the YAML check refuses a hardening value of the wrong kind",
						() -> assertThat(yaml.check("hardening:\n  jdbc:\n    statement-timeout: soon\n"))
							.isNotEmpty()),
				DynamicTest.dynamicTest("the YAML check refuses a misspelled Spring Boot key", () -> assertThat(
						yaml.check("spring:\n  datasource:\n    ulr: jdbc:h2:mem:x\n")).isNotEmpty()),
				DynamicTest.dynamicTest("the YAML check accepts a Spring Boot key and a map entry",
						() -> assertThat(yaml.check(
								"server:\n  port: 8081\nlogging:\n  level:\n    com.example: debug\n"))
							.isEmpty()));
		return Stream.concat(checks, snippets.stream()
			.filter((snippet) -> snippet.language().equals("java") || snippet.language().equals("yaml"))
			.map((snippet) -> {
				String reason = snippet.skipReason();
				if (reason != null) {
					return DynamicTest.dynamicTest(snippet.name() + " skipped: " + reason, () -> {
					});
				}
				if (snippet.language().equals("java")) {
					return DynamicTest.dynamicTest(snippet.name(), () -> assertThat(java.errors(snippet))
						.as("%s compiles%n%s", snippet.name(), snippet.code())
						.isEmpty());
				}
				return DynamicTest.dynamicTest(snippet.name(), () -> assertThat(yaml.check(snippet.code()))
					.as("%s binds%n%s", snippet.name(), snippet.code())
					.isEmpty());
			}));
	}

}
