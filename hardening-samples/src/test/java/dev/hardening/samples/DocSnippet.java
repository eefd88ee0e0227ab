package dev.hardening.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fenced code block of the README or of a page under {@code docs/}: its language, the line
 * its first code line is on, its code, and the {@code <!-- doc-test: ... -->} directives on the
 * lines right before its fence, if any.
 *
 * @param file the Markdown file, relative to the repository root
 * @param line the line of the fence (1-based)
 * @param language the fence's info string ({@code java}, {@code yaml}, ...)
 * @param code the lines between the fences, indentation of the fence removed
 * @param directives the text after {@code doc-test:} of each directive line right above the
 * fence, top to bottom; empty if there is none
 */
record DocSnippet(String file, int line, String language, String code, List<String> directives) {

	private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\w*)\\s*$");

	private static final Pattern DIRECTIVE = Pattern.compile("^\\s*<!--\\s*doc-test:\\s*(.*?)\\s*-->\\s*$");

	/** The name of the dynamic test: where the snippet is. */
	String name() {
		return this.file + ":" + this.line;
	}

	/** The reason to skip it, or {@code null} if it is tested. */
	String skipReason() {
		String reason = directive("skip");
		if (reason != null && reason.isEmpty()) {
			throw new IllegalStateException(name() + ": doc-test: skip needs a reason");
		}
		return reason;
	}

	/** The declarations after {@code doc-test: given}, or an empty string. */
	String given() {
		String given = directive("given");
		return (given != null) ? given : "";
	}

	/**
	 * The text after {@code doc-test: WORD} of the first directive that starts with that word,
	 * trimmed; {@code null} if there is none.
	 */
	String directive(String word) {
		List<String> all = directives(word);
		return all.isEmpty() ? null : all.get(0);
	}

	/** The texts after {@code doc-test: WORD} of every directive that starts with that word. */
	List<String> directives(String word) {
		List<String> found = new ArrayList<>();
		for (String directive : this.directives) {
			if (directive.equals(word) || directive.startsWith(word + " ")) {
				found.add(directive.substring(word.length()).trim());
			}
		}
		return found;
	}

	/** The README and every page of {@code docs/}, found from the module's directory. */
	static List<DocSnippet> all(Path repository) {
		List<DocSnippet> snippets = new ArrayList<>();
		snippets.addAll(read(repository, Path.of("README.md")));
		try (Stream<Path> pages = Files.list(repository.resolve("docs"))) {
			pages.filter((page) -> page.toString().endsWith(".md"))
				.sorted()
				.forEach((page) -> snippets.addAll(read(repository, repository.relativize(page))));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return snippets;
	}

	/** The repository root: the parent of the module the tests run in. */
	static Path repository() {
		Path dir = Path.of("").toAbsolutePath();
		return Files.isDirectory(dir.resolve("docs")) ? dir : dir.getParent();
	}

	static List<DocSnippet> read(Path repository, Path file) {
		List<String> lines;
		try {
			lines = Files.readAllLines(repository.resolve(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<DocSnippet> snippets = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			Matcher open = FENCE.matcher(lines.get(i));
			if (!open.matches()) {
				continue;
			}
			int indent = open.group(1).length();
			String language = open.group(2);
			StringBuilder code = new StringBuilder();
			int j = i + 1;
			while (j < lines.size() && !lines.get(j).trim().equals("```")) {
				String codeLine = lines.get(j);
				code.append(codeLine.length() >= indent ? codeLine.substring(Math.min(indent, leading(codeLine))) : codeLine.strip())
					.append('\n');
				j++;
			}
			List<String> directives = new ArrayList<>();
			for (int k = i - 1; k >= 0; k--) {
				Matcher comment = DIRECTIVE.matcher(lines.get(k));
				if (!comment.matches()) {
					break;
				}
				directives.add(0, comment.group(1));
			}
			snippets.add(new DocSnippet(file.toString(), i + 1, language, code.toString(), List.copyOf(directives)));
			i = j;
		}
		return snippets;
	}

	private static int leading(String line) {
		int n = 0;
		while (n < line.length() && line.charAt(n) == ' ') {
			n++;
		}
		return n;
	}

}
