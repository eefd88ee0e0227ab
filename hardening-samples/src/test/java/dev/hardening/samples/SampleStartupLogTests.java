package dev.hardening.samples;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lines the docs quote from the sample's start, as it prints them: every
 * {@code LEVEL ... logger : message} line of a code block of the README or {@code docs/} whose
 * logger is {@code ChangedDefaults} (what the starter changed) or whose message is the
 * {@code HR-CURSOR-SECRET} finding, and the {@code WARN} lines the README announces, from one
 * start of the sample. Not checked
 * here: the {@code spring.cache.caffeine.spec} example of caching.md, an application with a
 * Caffeine cache of its own, which the sample is not
 * ({@code ChangedDefaultsTests#aBoundedSpecThatGetsAnExpiryIsLoggedAsCachingMdQuotesIt} asserts
 * it); quotes of other scenarios (a failing health check, an N+1, other report findings); and the {@code logging.pattern.correlation} line, which the sample never prints since its
 * application.yml sets that pattern itself (no test asserts that line yet).
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleStartupLogTests {

	private static final String[] ARGS = { "--server.port=0", "--spring.main.banner-mode=off" };

	private static final Pattern QUOTE = Pattern
		.compile("^\\s*(INFO|WARN) \\.\\.\\. (?:\\[[^\\]]*\\] )?(\\S+)\\s+: (.*)$");

	@Test
	void everyStartupLineTheDocsAndTheReadmeQuoteIsPrintedByTheSample(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, ARGS)) {
			assertThat(context.isRunning()).isTrue();
		}
		List<String> printed = output.getAll().lines().toList();
		assertDocsQuotesArePrinted(printed);
		assertReadmesWarningsArePrinted(printed);
	}

	private static void assertDocsQuotesArePrinted(List<String> printed) {
		List<Matcher> quotes = DocSnippet.all(DocSnippet.repository())
			.stream()
			.filter((snippet) -> !snippet.language().equals("java") && !snippet.language().equals("yaml"))
			.flatMap((snippet) -> snippet.code().lines())
			.map(QUOTE::matcher)
			.filter(Matcher::matches)
			.filter((quote) -> (quote.group(2).endsWith("ChangedDefaults")
					&& !quote.group(3).startsWith("Changed by hardening: logging.pattern.correlation:")
					&& !quote.group(3).startsWith("Changed by hardening: spring.cache.caffeine.spec:"))
					|| quote.group(3).startsWith("HR-CURSOR-SECRET"))
			.toList();
		assertThat(quotes).hasSizeGreaterThanOrEqualTo(5);
		for (Matcher quote : quotes) {
			assertThat(printed).as("the sample prints %s", quote.group())
				.anyMatch((line) -> line.contains(" " + quote.group(1) + " ") && line.contains(quote.group(2))
						&& line.endsWith(": " + quote.group(3)));
		}
	}

	/** The warnings the README's "two commands" announce, as it quotes them. */
	private static void assertReadmesWarningsArePrinted(List<String> printed) throws Exception {
		String readme = java.nio.file.Files.readString(DocSnippet.repository().resolve("README.md"));
		assertThat(readme).contains("`Slow statement (… ms): INSERT INTO events …`")
			.contains("`HR-CURSOR-SECRET (MEDIUM): hardening.pagination.cursor-secret is not set …`")
			.contains("`HR-SECRET-LITERAL (HIGH): hardening.crypto.keys[0].secret is written literally in application.yml …`")
			.contains("the same for `hardening.audit.chain-key`");
		List<String> warnings = printed.stream().filter((line) -> line.contains(" WARN ")).toList();
		// the seed is slow or not, as the machine is: if it warns, the line is the quoted one
		assertThat(warnings.stream().filter((line) -> line.contains("Slow statement")))
			.allMatch((line) -> line.matches(".*: Slow statement \\(\\d+ ms\\): INSERT INTO events .*"));
		assertThat(warnings)
			.anyMatch((line) -> line.contains(": HR-CURSOR-SECRET (MEDIUM): hardening.pagination.cursor-secret is not set"))
			.anyMatch((line) -> line.contains(
					": HR-SECRET-LITERAL (HIGH): hardening.crypto.keys[0].secret is written literally in application.yml"))
			.anyMatch((line) -> line
				.contains(": HR-SECRET-LITERAL (HIGH): hardening.audit.chain-key is written literally in application.yml"));
	}

}
