package dev.hardening.samples;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $ curl ...} commands of one shell block of the docs ({@link DocSnippet}), each with
 * the console lines the doc shows after it, and what those lines promise: a status line, header
 * lines, a body.
 * <p>
 * A line starting with {@code $ } is a command (a {@code \} at its end continues it on the next
 * line); {@code $ # ...} is a comment; every other line up to the next command is its output.
 * Only {@code curl} commands run; any other command in a block that is not skipped is an error.
 */
final class DocTranscript {

	/** Matches a UUID: request IDs and idempotency keys the sample makes are new at every run. */
	static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private static final Pattern HEADER = Pattern.compile("^([A-Za-z0-9-]+): ?(.*)$");

	private static final Pattern DEV_ZERO = Pattern
		.compile("\\$\\(head -c (\\d+) /dev/zero \\| tr '\\\\0' (\\w)\\)");

	/**
	 * The files the docs send with {@code --data-binary @NAME}, made as their prose describes them:
	 * a project whose name is two megabytes long; an object nested 100 000 levels deep.
	 */
	static final Map<String, Supplier<String>> FILES = Map.of("two-megabytes.json",
			() -> "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}", "depth-bomb.json",
			() -> "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));

	private DocTranscript() {
	}

	/** The commands of a shell block, in order. */
	static List<Command> commands(DocSnippet snippet) {
		List<String> lines = snippet.code().lines().toList();
		List<Command> commands = new ArrayList<>();
		int i = 0;
		while (i < lines.size()) {
			String line = lines.get(i);
			int lineNumber = snippet.line() + 1 + i;
			if (!line.startsWith("$ ")) {
				if (!line.isBlank()) {
					throw new IllegalStateException(
							snippet.file() + ":" + lineNumber + ": output that follows no command: " + line);
				}
				i++;
				continue;
			}
			StringBuilder text = new StringBuilder(line.substring(2));
			while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
				text.setLength(text.length() - 1);
				text.replace(0, text.length(), text.toString().stripTrailing());
				text.append(' ').append(lines.get(++i).strip());
			}
			i++;
			List<String> output = new ArrayList<>();
			while (i < lines.size() && !lines.get(i).startsWith("$ ")) {
				output.add(lines.get(i));
				i++;
			}
			while (!output.isEmpty() && output.get(output.size() - 1).isBlank()) {
				output.remove(output.size() - 1);
			}
			String command = text.toString().strip();
			if (command.startsWith("#")) {
				if (!output.isEmpty()) {
					throw new IllegalStateException(snippet.file() + ":" + lineNumber
							+ ": output after a comment, with no command that printed it: " + command);
				}
				continue;
			}
			commands.add(new Command(snippet.file(), lineNumber, command, List.copyOf(output)));
		}
		return commands;
	}

	/** Whether a shell block has a {@code $ curl} command. */
	static boolean hasCurl(DocSnippet snippet) {
		return snippet.code().lines().anyMatch((line) -> line.startsWith("$ curl "));
	}

	/**
	 * One command as the doc writes it, and the lines it printed.
	 *
	 * @param file the Markdown file
	 * @param line the line of its {@code $}
	 * @param text the command, continuation lines joined
	 * @param output the lines after it, up to the next command, trailing blank lines removed
	 */
	record Command(String file, int line, String text, List<String> output) {

		String name() {
			return this.file + ":" + this.line + " " + this.text;
		}

		/** The command as curl would read it; throws if the test cannot run it as written. */
		Curl curl() {
			return Curl.parse(words(this.text));
		}

		/** What its output promises, read as curl prints it with or without {@code -i}. */
		Expected expected() {
			Curl curl = curl();
			if (!curl.pipe().isEmpty() || curl.discarded()) {
				return new Expected(null, List.of(), null, this.output);
			}
			int i = 0;
			String status = null;
			List<String[]> headers = new ArrayList<>();
			if (curl.include() && !this.output.isEmpty()) {
				status = this.output.get(0).strip();
				if (!status.startsWith("HTTP/")) {
					throw new IllegalStateException(
							this.file + ":" + this.line + ": the output of curl -i starts with a status line, not " + status);
				}
				i = 1;
				while (i < this.output.size() && !this.output.get(i).isBlank()
						&& !this.output.get(i).startsWith("{") && !this.output.get(i).startsWith("[")) {
					Matcher header = HEADER.matcher(this.output.get(i));
					if (!header.matches()) {
						throw new IllegalStateException(this.file + ":" + (this.line + i)
								+ ": neither a header nor a body: " + this.output.get(i));
					}
					headers.add(new String[] { header.group(1), header.group(2).strip() });
					i++;
				}
			}
			StringBuilder body = new StringBuilder();
			for (; i < this.output.size(); i++) {
				// undo the doc's wrapping: a continued line is indented
				body.append(this.output.get(i).strip());
			}
			return new Expected(status, headers, body.isEmpty() ? null : body.toString(), List.of());
		}

	}

	/**
	 * What the doc shows of a response.
	 *
	 * @param status the status line, or {@code null} if not shown
	 * @param headers the header lines shown, name and value
	 * @param body the body, unwrapped, or {@code null} if not shown
	 * @param lines the lines a pipe let through ({@code | head -1}, {@code | grep NAME}), compared
	 * one for one with what curl would have printed, when the command has a pipe
	 */
	record Expected(String status, List<String[]> headers, String body, List<String> lines) {

		/** What in a response differs from what the doc shows; empty if nothing. */
		List<String> mismatches(Curl curl, Response response) {
			List<String> problems = new ArrayList<>();
			if (curl.discarded() && !this.lines.isEmpty()) {
				problems.add("the doc shows output of a command whose output goes to /dev/null");
			}
			if (this.status == null && this.headers.isEmpty() && this.body == null && this.lines.isEmpty()
					&& !response.status().matches("HTTP/1\\.1 2\\d\\d")) {
				problems.add("the doc shows no answer, as if the command worked, but the sample answered <"
						+ response.status() + ">");
			}
			if (curl.discarded()) {
				return problems;
			}
			if (!curl.pipe().isEmpty()) {
				List<String> printed = curl.filter(response.printed(curl.include()));
				if (printed.size() != this.lines.size()) {
					problems.add("the doc shows " + this.lines.size() + " lines, the sample printed " + printed.size()
							+ ": " + printed);
				}
				for (int i = 0; i < Math.min(printed.size(), this.lines.size()); i++) {
					if (!matches(this.lines.get(i).strip(), printed.get(i).strip())) {
						problems.add("the doc shows <" + this.lines.get(i).strip() + ">, the sample printed <"
								+ printed.get(i).strip() + ">");
					}
				}
				return problems;
			}
			if (this.status != null && !this.status.equals(response.status())) {
				problems.add("status line: the doc shows <" + this.status + ">, the sample answered <"
						+ response.status() + ">");
			}
			for (String[] header : this.headers) {
				List<String> values = response.headers(header[0]);
				if (values.isEmpty()) {
					problems.add("header " + header[0] + ": the sample sent none");
				}
				else if (values.size() > 1) {
					problems.add("header " + header[0] + ": the sample sent it " + values.size() + " times: " + values);
				}
				else if (!matches(header[1], values.get(0))) {
					problems.add("header " + header[0] + ": the doc shows <" + header[1] + ">, the sample sent <"
							+ values.get(0) + ">");
				}
			}
			if (this.body != null && !matches(this.body, response.body().strip())) {
				problems.add("body: the doc shows (unwrapped)\n  " + this.body + "\nthe sample sent\n  "
						+ response.body().strip());
			}
			return problems;
		}

	}

	/**
	 * Whether an actual value is what the doc shows: word for word, except that {@code ...} in the
	 * doc matches anything and a UUID in the doc matches any UUID.
	 */
	static boolean matches(String shown, String actual) {
		StringBuilder regex = new StringBuilder();
		Matcher uuid = Pattern.compile(UUID).matcher("");
		String[] parts = shown.split("\\.\\.\\.", -1);
		for (int p = 0; p < parts.length; p++) {
			if (p > 0) {
				regex.append(".*?");
			}
			uuid.reset(parts[p]);
			int at = 0;
			while (uuid.find()) {
				regex.append(Pattern.quote(parts[p].substring(at, uuid.start()))).append(UUID);
				at = uuid.end();
			}
			regex.append(Pattern.quote(parts[p].substring(at)));
		}
		return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
	}

	/**
	 * A curl command line: what it sends, and what it does with the answer.
	 *
	 * @param method the method ({@code -X}, or POST with {@code -d}, HEAD with {@code -I})
	 * @param target the path and query of the URL
	 * @param headers the {@code -H} headers, as written
	 * @param body the {@code -d} or {@code --data-binary} content, or {@code null}
	 * @param include whether curl prints the status line and headers ({@code -i}, {@code -I})
	 * @param pipe the commands its output goes through ({@code head -1}, {@code grep NAME})
	 * @param discarded whether its output goes to {@code /dev/null}
	 */
	record Curl(String method, String target, List<String> headers, byte[] body, boolean include, List<List<String>> pipe,
			boolean discarded) {

		static Curl parse(List<String> words) {
			if (words.isEmpty() || !words.get(0).equals("curl")) {
				throw new IllegalArgumentException("not a curl command: " + words);
			}
			String method = null;
			String url = null;
			List<String> headers = new ArrayList<>();
			byte[] body = null;
			boolean include = false;
			boolean head = false;
			List<List<String>> pipe = new ArrayList<>();
			boolean discarded = false;
			int i = 1;
			for (; i < words.size(); i++) {
				String word = words.get(i);
				if (word.equals("|") || word.equals(">")) {
					break;
				}
				switch (word) {
					case "-i", "--include", "-si", "-is" -> include = true;
					case "-s", "--silent" -> {
					}
					case "-I", "--head" -> {
						include = true;
						head = true;
					}
					case "-X", "--request" -> method = words.get(++i);
					case "-H", "--header" -> headers.add(words.get(++i));
					case "-c", "--cookie-jar" -> i++;
					case "-d", "--data", "--data-binary", "--data-raw" -> body = data(words.get(++i));
					default -> {
						if (word.startsWith("-") || url != null) {
							throw new IllegalArgumentException("the test does not know curl's " + word);
						}
						url = word;
					}
				}
			}
			while (i < words.size()) {
				String operator = words.get(i++);
				List<String> command = new ArrayList<>();
				while (i < words.size() && !words.get(i).equals("|") && !words.get(i).equals(">")) {
					command.add(words.get(i++));
				}
				if (operator.equals(">") && command.equals(List.of("/dev/null"))) {
					discarded = true;
				}
				else if (operator.equals("|") && command.size() == 2
						&& (command.get(0).equals("grep") || command.get(0).matches("head")
								&& command.get(1).matches("-\\d+"))) {
					pipe.add(command);
				}
				else {
					throw new IllegalArgumentException("the test cannot run " + operator + " " + command);
				}
			}
			if (url == null || !url.startsWith("localhost:8080/")) {
				throw new IllegalArgumentException("the test calls the sample only, at localhost:8080/...: " + url);
			}
			if (method == null) {
				method = head ? "HEAD" : (body != null) ? "POST" : "GET";
			}
			return new Curl(method, url.substring("localhost:8080".length()), List.copyOf(headers), body, include,
					List.copyOf(pipe), discarded);
		}

		private static byte[] data(String data) {
			if (data.startsWith("@")) {
				Supplier<String> file = FILES.get(data.substring(1));
				if (file == null) {
					throw new IllegalArgumentException("the test does not know the content of " + data);
				}
				return file.get().getBytes(StandardCharsets.UTF_8);
			}
			return data.getBytes(StandardCharsets.UTF_8);
		}

		/** Lines of output after the pipe. */
		List<String> filter(List<String> printed) {
			List<String> lines = printed;
			for (List<String> command : this.pipe) {
				if (command.get(0).equals("head")) {
					int n = Integer.parseInt(command.get(1).substring(1));
					lines = lines.subList(0, Math.min(n, lines.size()));
				}
				else {
					lines = lines.stream().filter((line) -> line.contains(command.get(1))).toList();
				}
			}
			return lines;
		}

		/** The same command with more curl arguments, as a {@code doc-test: add} directive gives. */
		Curl with(List<String> moreHeaders) {
			List<String> all = new ArrayList<>(moreHeaders);
			all.addAll(this.headers);
			return new Curl(this.method, this.target, List.copyOf(all), this.body, this.include, this.pipe,
					this.discarded);
		}

	}

	/**
	 * A response as the test's client read it.
	 *
	 * @param status the status line, trailing space removed ({@code HTTP/1.1 200})
	 * @param headerLines the header lines in the order sent, name and value
	 * @param body the body, as text
	 */
	record Response(String status, List<String[]> headerLines, String body) {

		List<String> headers(String name) {
			return this.headerLines.stream()
				.filter((header) -> header[0].equalsIgnoreCase(name))
				.map((header) -> header[1])
				.toList();
		}

		/** What curl prints: with {@code -i} the status line, headers, a blank line; then the body. */
		List<String> printed(boolean include) {
			List<String> lines = new ArrayList<>();
			if (include) {
				lines.add(this.status);
				this.headerLines.forEach((header) -> lines.add(header[0] + ": " + header[1]));
				lines.add("");
			}
			lines.addAll(this.body.lines().toList());
			return lines;
		}

	}

	/**
	 * Splits a command line into words as a POSIX shell would, for the forms the docs use: single
	 * and double quotes, backslash escapes, {@code |} and {@code >}, and the one command
	 * substitution that makes a long header, {@code $(head -c N /dev/zero | tr '\0' a)}.
	 */
	static List<String> words(String line) {
		List<String> words = new ArrayList<>();
		StringBuilder word = null;
		int i = 0;
		while (i < line.length()) {
			char c = line.charAt(i);
			if (Character.isWhitespace(c)) {
				if (word != null) {
					words.add(word.toString());
					word = null;
				}
				i++;
			}
			else if ((c == '|' || c == '>') && word == null) {
				words.add(String.valueOf(c));
				i++;
			}
			else {
				if (word == null) {
					word = new StringBuilder();
				}
				if (c == '\'') {
					int end = line.indexOf('\'', i + 1);
					word.append(line, i + 1, end);
					i = end + 1;
				}
				else if (c == '"') {
					i++;
					while (line.charAt(i) != '"') {
						char d = line.charAt(i);
						if (d == '\\' && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
							word.append(line.charAt(i + 1));
							i += 2;
						}
						else if (d == '$') {
							Matcher zero = DEV_ZERO.matcher(line).region(i, line.length());
							if (!zero.lookingAt()) {
								throw new IllegalArgumentException("the test cannot expand " + line.substring(i));
							}
							word.append(zero.group(2).repeat(Integer.parseInt(zero.group(1))));
							i = zero.end();
						}
						else {
							word.append(d);
							i++;
						}
					}
					i++;
				}
				else if (c == '\\') {
					word.append(line.charAt(i + 1));
					i += 2;
				}
				else if (c == '$' || c == '`' || c == '*' || c == '?') {
					throw new IllegalArgumentException("the test cannot expand " + line.substring(i));
				}
				else {
					word.append(c);
					i++;
				}
			}
		}
		if (word != null) {
			words.add(word.toString());
		}
		return words;
	}

}
