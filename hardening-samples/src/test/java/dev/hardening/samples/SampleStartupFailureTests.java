package dev.hardening.samples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The startup failures the docs quote are what Spring Boot prints, word for word, for the sample
 * started as the doc says. Every block of {@link #PAGES} that shows
 * {@code APPLICATION FAILED TO START} is read from the page: its first line,
 * {@code $ java -jar hardening-samples/target/hardening-samples-0.1.0-SNAPSHOT.jar ARGS} (a
 * {@code \} at its end continues it on the next line), gives the arguments, read as a shell reads
 * them, that the sample is started with (in-process, on a random port, banner off), and every line
 * from the first {@code ***} line to the end of the block must be the failure report Boot prints,
 * up to the next log line. Nothing is normalised: the report has no time, PID or port in it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleStartupFailureTests {

	/** The pages that quote a startup failure, and how many each quotes. */
	private static final Map<String, Integer> PAGES = Map.of("docs/caching.md", 1, "docs/resilience.md", 1,
			"docs/pagination.md", 1, "docs/conditional-requests.md", 1, "docs/errors.md", 1, "docs/request-id.md", 1,
			"docs/rate-limiting.md", 1);

	private static final String COMMAND = "$ java -jar hardening-samples/target/hardening-samples-0.1.0-SNAPSHOT.jar ";

	private static final String STARS = "***************************";

	/** A line Boot's console log pattern starts with: the end of the failure report. */
	private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*");

	static Stream<Named<DocSnippet>> quotedFailures() {
		return quoted().stream().map((snippet) -> Named.of(snippet.name(), snippet));
	}

	private static List<DocSnippet> quoted() {
		List<DocSnippet> found = new ArrayList<>();
		for (String page : PAGES.keySet().stream().sorted().toList()) {
			DocSnippet.read(DocSnippet.repository(), Path.of(page))
				.stream()
				.filter((snippet) -> snippet.code().contains("APPLICATION FAILED TO START"))
				.forEach(found::add);
		}
		return found;
	}

	@Test
	void everyPageQuotesItsStartupFailures() {
		Map<String, Long> perPage = new TreeMap<>();
		quoted().forEach((snippet) -> perPage.merge(snippet.file(), 1L, Long::sum));
		PAGES.forEach((page, count) -> assertThat(perPage.get(page)).as(page).isEqualTo(count.longValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("quotedFailures")
	void theQuotedBlockIsWhatBootPrintsForTheSampleStartedAsTheDocSays(DocSnippet snippet, CapturedOutput output) {
		List<String> lines = snippet.code().lines().toList();
		assertThat(lines.get(0)).as("%s starts with the command that fails", snippet.name()).startsWith(COMMAND);
		StringBuilder command = new StringBuilder(lines.get(0).substring(COMMAND.length()));
		for (int i = 1; command.toString().endsWith("\\"); i++) {
			command.setLength(command.length() - 1);
			command.append(' ').append(lines.get(i).strip());
		}
		List<String> arguments = DocTranscript.words(command.toString());
		String quoted = String.join("\n", lines.subList(lines.indexOf(STARS), lines.size())).stripTrailing();
		String[] args = Stream.concat(Stream.of("--server.port=0", "--spring.main.banner-mode=off"), arguments.stream())
			.toArray(String[]::new);

		assertThatException().isThrownBy(() -> SpringApplication.run(SampleApplication.class, args));

		assertThat(report(output.getAll())).isEqualTo(quoted);
	}

	/** The last failure report in the output: from its first {@code ***} line to the next log line. */
	private static String report(String output) {
		List<String> lines = output.lines().toList();
		int start = lines.lastIndexOf("APPLICATION FAILED TO START") - 1;
		assertThat(start).as("a failure report in the output").isGreaterThanOrEqualTo(0);
		assertThat(lines.get(start)).isEqualTo(STARS);
		int end = start;
		while (end < lines.size() && !LOG_LINE.matcher(lines.get(end)).matches()) {
			end++;
		}
		return String.join("\n", lines.subList(start, end)).stripTrailing();
	}

}
