package dev.hardening.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.hardening.autoconfigure.ratelimit.RateLimitProperties;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.samples.DocTranscript.Command;
import dev.hardening.samples.DocTranscript.Curl;
import dev.hardening.samples.DocTranscript.Expected;
import dev.hardening.samples.DocTranscript.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code $ curl} transcript of the README and of {@code docs/}, one test per command, named
 * by file and line: the command is sent to the sample, and the status line, each header line and
 * the body the doc shows after it must be what the sample answers.
 * <p>
 * The commands of one page run in order against one sample of their own, started in-process as
 * {@code ./mvnw -pl hardening-samples -am spring-boot:run} starts it, so state carries from one
 * command to the next as in the doc. They go over a plain socket in HTTP/1.1, with the headers
 * curl sends ({@code Host}, {@code User-Agent}, {@code Accept}) unless the command sets them, so
 * that a forged {@code Host} or a 20 000-byte header reach the server as curl would send them.
 * <p>
 * How the doc is read:
 * <ul>
 * <li>curl's {@code -i}, {@code -s}, {@code -I}, {@code -X}, {@code -H}, {@code -d},
 * {@code --data-binary} and {@code -c} (cookies are not kept: no page needs them) are understood,
 * and a URL on {@code localhost:8080}; any other option, or a command other than curl, fails the
 * test.</li>
 * <li>Output after {@code curl -i} is a status line, header lines, then (after a blank line, or
 * at once if it starts with <code>{</code>) the body; without {@code -i} it is all body. Only what
 * the doc shows is compared: a header line must be sent once, with that value; a body is
 * unwrapped (each line stripped, then joined) and compared whole. {@code ...} matches anything,
 * and a UUID matches any UUID: the request IDs and idempotency keys the sample makes are new at
 * every run, and a doc shows one to show its form.</li>
 * <li>After {@code | head -N} or {@code | grep WORD}, the doc's lines are compared one for one
 * with curl's output (status line, headers, blank line, body) through that filter;
 * {@code > /dev/null} shows nothing, and the command is run for what it changes.</li>
 * <li>A command the doc shows no answer for must be answered with a {@code 2xx}: the doc implies
 * that it worked.</li>
 * <li>{@code --data-binary @FILE} sends a file the test makes as the prose describes it
 * ({@link DocTranscript#FILES}).</li>
 * <li>The sample's rate limiter runs on a clock that stands still, as if every command of a page
 * ran at one instant: the {@code RateLimit} fields the docs show ({@code r=98;t=2}) are then the
 * same on a slow machine. Nothing else is changed.</li>
 * </ul>
 * Directives, on the lines right above the fence ({@code <!-- doc-test: ... -->}):
 * <ul>
 * <li>{@code skip REASON}: the block is not run (the reason is in the test's name);</li>
 * <li>{@code skip-command N REASON}: the N-th command of the block (1-based, comments not
 * counted) is not run;</li>
 * <li>{@code run ARGS}: the page's sample starts with these arguments (for instance
 * {@code --spring.profiles.active=demo}), as its prose says it was started;</li>
 * <li>{@code add -H 'NAME: VALUE'}: every command of the block sends this header too, as its
 * prose says it was called;</li>
 * <li>{@code before N COMMAND}: the curl command is sent N times before the block, answers not
 * compared (the prose says what came before, such as the 100 requests before the 101st).</li>
 * </ul>
 */
class DocTranscriptTests {

	/** The rate limiter's clock: a page's commands all run at this instant, for the limiter. */
	private static final Clock STILL = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

	private static final List<ConfigurableApplicationContext> RUNNING = new ArrayList<>();

	@AfterAll
	static void stopWhatIsStillRunning() {
		RUNNING.forEach(ConfigurableApplicationContext::close);
		RUNNING.clear();
	}

	@TestFactory
	Stream<DynamicNode> everyCurlTranscriptIsWhatTheSampleAnswers() {
		Map<String, List<DocSnippet>> pages = new LinkedHashMap<>();
		for (DocSnippet snippet : DocSnippet.all(DocSnippet.repository())) {
			if (DocTranscript.hasCurl(snippet)) {
				pages.computeIfAbsent(snippet.file(), (file) -> new ArrayList<>()).add(snippet);
			}
		}
		assertThat(pages).isNotEmpty();
		Stream<DynamicNode> checks = Stream.of(DynamicContainer.dynamicContainer("the comparison", selfChecks()));
		return Stream.concat(checks, pages.entrySet().stream().map((page) -> page(page.getKey(), page.getValue())));
	}

	/** The comparison refuses what it must refuse, on answers made up here. */
	private static Stream<DynamicTest> selfChecks() {
		Command command = new Command("self-check.md", 1, "curl -i localhost:8080/projects/1",
				List.of("HTTP/1.1 200", "ETag: \"1\"", "Content-Type: application/json", "",
						"{\"id\":1,\"name\":\"hardening\",", " \"createdAt\":\"...\",\"version\":1}"));
		Curl curl = command.curl();
		Expected expected = command.expected();
		String body = "{\"id\":1,\"name\":\"hardening\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"version\":1}";
		List<String[]> headers = List.of(new String[] { "ETag", "\"1\"" },
				new String[] { "Content-Type", "application/json" });
		return Stream.of(
				DynamicTest.dynamicTest("accepts the answer the doc shows, wrapped and with ...",
						() -> assertThat(expected.mismatches(curl, new Response("HTTP/1.1 200", headers, body)))
							.isEmpty()),
				DynamicTest.dynamicTest("refuses a wrong status line",
						() -> assertThat(expected.mismatches(curl, new Response("HTTP/1.1 201", headers, body)))
							.singleElement()
							.asString()
							.startsWith("status line")),
				DynamicTest.dynamicTest("refuses a wrong header value",
						() -> assertThat(expected.mismatches(curl, new Response("HTTP/1.1 200",
								List.of(new String[] { "ETag", "\"2\"" }, new String[] { "Content-Type", "application/json" }),
								body)))
							.singleElement()
							.asString()
							.startsWith("header ETag")),
				DynamicTest.dynamicTest("refuses a header sent twice", () -> assertThat(expected.mismatches(curl,
						new Response("HTTP/1.1 200", List.of(new String[] { "ETag", "\"1\"" },
								new String[] { "ETag", "\"1\"" }, new String[] { "Content-Type", "application/json" }),
								body)))
					.singleElement()
					.asString()
					.startsWith("header ETag")),
				DynamicTest.dynamicTest("refuses a missing header",
						() -> assertThat(expected.mismatches(curl,
								new Response("HTTP/1.1 200", List.<String[]>of(new String[] { "ETag", "\"1\"" }), body)))
							.singleElement()
							.asString()
							.startsWith("header Content-Type")),
				DynamicTest.dynamicTest("refuses a wrong body", () -> assertThat(expected.mismatches(curl,
						new Response("HTTP/1.1 200", headers, body.replace("hardening", "other"))))
					.singleElement()
					.asString()
					.startsWith("body")),
				DynamicTest.dynamicTest("refuses a wrong line after a pipe", () -> {
					Command grep = new Command("self-check.md", 1, "curl -si localhost:8080/projects/1 | grep ETag",
							List.of("ETag: \"2\""));
					assertThat(grep.expected()
						.mismatches(grep.curl(), new Response("HTTP/1.1 200", headers, body))).isNotEmpty();
				}),
				DynamicTest.dynamicTest("refuses an error answer to a command whose answer the doc does not show", () -> {
					Command quiet = new Command("self-check.md", 1, "curl -s localhost:8080/projects/1 > /dev/null",
							List.of());
					assertThat(quiet.expected()
						.mismatches(quiet.curl(), new Response("HTTP/1.1 200", headers, body))).isEmpty();
					assertThat(quiet.expected()
						.mismatches(quiet.curl(), new Response("HTTP/1.1 404", headers, body))).isNotEmpty();
				}),
				DynamicTest.dynamicTest("matches a UUID by its form only", () -> {
					assertThat(DocTranscript.matches("id=01a2091b-834a-72b5-99c3-8cee2148c42e",
							"id=01b3aaaa-0000-7000-8000-000000000000")).isTrue();
					assertThat(DocTranscript.matches("id=01a2091b-834a-72b5-99c3-8cee2148c42e", "id=abc")).isFalse();
				}));
	}

	private static DynamicContainer page(String file, List<DocSnippet> blocks) {
		Sample sample = new Sample(file);
		List<DynamicNode> tests = new ArrayList<>();
		for (DocSnippet block : blocks) {
			block.directives("run").forEach((run) -> sample.arguments.addAll(DocTranscript.words(run)));
			String reason = block.skipReason();
			if (reason != null) {
				tests.add(DynamicTest.dynamicTest(block.name() + " skipped: " + reason, () -> {
				}));
				continue;
			}
			try {
				block(block, sample, tests);
			}
			catch (RuntimeException ex) {
				// a block the test cannot read fails on its own, and the other blocks still run
				tests.add(DynamicTest.dynamicTest(block.name() + " cannot be read", () -> {
					throw ex;
				}));
			}
		}
		tests.add(DynamicTest.dynamicTest(file + ": the sample stops", sample::stop));
		return DynamicContainer.dynamicContainer(file, tests);
	}

	/** Adds the tests of one shell block that is not skipped. */
	private static void block(DocSnippet block, Sample sample, List<DynamicNode> tests) {
		List<String> added = new ArrayList<>();
		block.directives("add").forEach((add) -> added.addAll(headers(add)));
		for (String before : block.directives("before")) {
			int space = before.indexOf(' ');
			int times = Integer.parseInt(before.substring(0, space));
			Curl curl = Curl.parse(DocTranscript.words(before.substring(space + 1))).with(added);
			tests.add(DynamicTest.dynamicTest(block.name() + " before: " + before, () -> {
				for (int i = 0; i < times; i++) {
					sample.send(curl);
				}
			}));
		}
		Map<Integer, String> skipped = new LinkedHashMap<>();
		for (String skip : block.directives("skip-command")) {
			int space = skip.indexOf(' ');
			skipped.put(Integer.parseInt(skip.substring(0, space)), skip.substring(space + 1).trim());
		}
		List<Command> commands = DocTranscript.commands(block);
		skipped.keySet().forEach((n) -> {
			if (n < 1 || n > commands.size()) {
				throw new IllegalArgumentException("doc-test: skip-command " + n + ": the block has " + commands.size()
						+ " commands");
			}
		});
		for (int n = 1; n <= commands.size(); n++) {
			Command command = commands.get(n - 1);
			if (skipped.containsKey(n)) {
				tests.add(DynamicTest.dynamicTest(command.name() + " skipped: " + skipped.get(n), () -> {
				}));
				continue;
			}
			tests.add(DynamicTest.dynamicTest(command.name(), () -> {
				Curl curl = command.curl().with(added);
				Response response = sample.send(curl);
				assertThat(command.expected().mismatches(curl, response))
					.as("%s%nthe sample answered%n%s", command.name(), String.join("\n", response.printed(true)))
					.isEmpty();
			}));
		}
	}

	/** The headers of {@code -H 'NAME: VALUE'} arguments. */
	private static List<String> headers(String arguments) {
		List<String> words = DocTranscript.words(arguments);
		List<String> headers = new ArrayList<>();
		for (int i = 0; i < words.size(); i++) {
			if (!words.get(i).equals("-H") || i + 1 == words.size()) {
				throw new IllegalArgumentException("doc-test: add takes -H 'NAME: VALUE' only: " + arguments);
			}
			headers.add(words.get(++i));
		}
		return headers;
	}

	/** The sample of one page, started at its first command. */
	private static final class Sample {

		private final String file;

		private final List<String> arguments = new ArrayList<>();

		private ConfigurableApplicationContext context;

		private int port;

		Sample(String file) {
			this.file = file;
		}

		Response send(Curl curl) throws IOException {
			if (this.context == null) {
				this.context = new SpringApplicationBuilder(SampleApplication.class)
					// the sample's rate limiter, local as the sample's is, on a clock that stands still
					.initializers((context) -> ((GenericApplicationContext) context).registerBean("rateLimiter",
							RateLimiter.class, () -> RateLimiter.local(new RateLimitProperties().getMaxKeys(), STILL)))
					.properties("server.port=0", "spring.main.banner-mode=off")
					.run(this.arguments.toArray(String[]::new));
				RUNNING.add(this.context);
				this.port = this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			}
			return exchange(this.port, curl);
		}

		void stop() {
			if (this.context != null) {
				this.context.close();
				RUNNING.remove(this.context);
				this.context = null;
			}
		}

		@Override
		public String toString() {
			return this.file;
		}

	}

	/** Sends a request as curl would, over a new connection, and reads the answer. */
	static Response exchange(int port, Curl curl) throws IOException {
		StringBuilder head = new StringBuilder(curl.method()).append(' ').append(curl.target()).append(" HTTP/1.1\r\n");
		if (!has(curl, "Host")) {
			head.append("Host: localhost:").append(port).append("\r\n");
		}
		if (!has(curl, "User-Agent")) {
			head.append("User-Agent: curl/8.5.0\r\n");
		}
		if (!has(curl, "Accept")) {
			head.append("Accept: */*\r\n");
		}
		curl.headers().forEach((header) -> head.append(header).append("\r\n"));
		if (curl.body() != null) {
			if (!has(curl, "Content-Type")) {
				head.append("Content-Type: application/x-www-form-urlencoded\r\n");
			}
			head.append("Content-Length: ").append(curl.body().length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			// written beside the read: the server may answer (413, 431) before it has read it all
			Thread writer = new Thread(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
					if (curl.body() != null) {
						out.write(curl.body());
					}
					out.flush();
				}
				catch (IOException ex) {
					// the server stopped reading; its answer is what counts
				}
			});
			writer.start();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			try {
				in.transferTo(received);
			}
			catch (IOException ex) {
				if (received.size() == 0) {
					throw ex;
				}
			}
			return parse(received.toByteArray(), curl.method().equals("HEAD"));
		}
	}

	private static boolean has(Curl curl, String name) {
		String prefix = name.toLowerCase(Locale.ROOT) + ":";
		return curl.headers().stream().anyMatch((header) -> header.toLowerCase(Locale.ROOT).startsWith(prefix));
	}

	private static Response parse(byte[] received, boolean head) {
		String text = new String(received, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		assertThat(end).as("a whole response head in%n%s", text).isPositive();
		List<String> lines = List.of(text.substring(0, end).split("\r\n"));
		List<String[]> headers = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			int colon = line.indexOf(':');
			headers.add(new String[] { line.substring(0, colon), line.substring(colon + 1).strip() });
		}
		byte[] body = head ? new byte[0] : Arrays.copyOfRange(received, end + 4, received.length);
		Response response = new Response(lines.get(0).strip(), List.copyOf(headers), "");
		if (response.headers("Transfer-Encoding").contains("chunked")) {
			body = unchunk(body);
		}
		return new Response(response.status(), response.headerLines(), new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] unchunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int at = 0;
		while (at < chunked.length) {
			int lineEnd = at;
			while (chunked[lineEnd] != '\r') {
				lineEnd++;
			}
			String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
			int length = Integer.parseInt(size.split(";")[0].strip(), 16);
			if (length == 0) {
				break;
			}
			body.write(chunked, lineEnd + 2, length);
			at = lineEnd + 2 + length + 2;
		}
		return body.toByteArray();
	}

}
