package dev.hardening.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's logging: on its defaults, text lines and one JSON access event per request; with
 * the {@code json} profile, one JSON object per line, with the request ID as a field. The sample
 * runs in a JVM of its own, as a user would start it, since logging is set up once per JVM.
 */
class JsonLoggingTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	/** The sample on its defaults, started once for the tests that read it. */
	private static Sample defaults;

	private Sample json;

	@AfterEach
	void stopJsonSample() throws InterruptedException {
		if (this.json != null) {
			this.json.stop();
		}
	}

	@AfterAll
	static void stopDefaultSample() throws InterruptedException {
		if (defaults != null) {
			defaults.stop();
			defaults = null;
		}
	}

	/** The sample on its defaults, started by the first test that needs it. */
	private static Sample defaults() throws Exception {
		if (defaults == null) {
			defaults = Sample.start("--server.port=0");
		}
		return defaults;
	}

	@Test
	void everyLineIsJsonAndLinesWrittenDuringARequestCarryItsId() throws Exception {
		this.json = Sample.start("--spring.profiles.active=json", "--server.port=0");
		Sample sample = this.json;

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + sample.port + "/projects"))
				.header("Content-Type", "application/json")
				.header("X-Request-ID", "json-1")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Gemini\", \"owner\": \"lead@example.com\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);

		JsonNode created = sample.awaitLine((line) -> line.path("message").asString().startsWith("Created project"));
		assertThat(created.path("requestId").asString()).isEqualTo("json-1");
		assertThat(created.path("log").path("level").asString()).isEqualTo("INFO");

		// request-id.md quotes this line (for X-Request-ID: abc): the same fields, the same stable values
		JsonNode quoted = quotedEvent("docs/request-id.md", "\"Created project ");
		assertThat(leaves(created)).as("the fields of the quoted line").isEqualTo(leaves(quoted));
		for (String stable : List.of("/log/level", "/log/logger", "/service/name", "/ecs/version")) {
			assertThat(created.at(stable)).as(stable).isEqualTo(quoted.at(stable));
		}
		assertThat(created.path("message").asString().replaceAll("\\d+$", "N"))
			.isEqualTo(quoted.path("message").asString().replaceAll("\\d+$", "N"));
	}

	@Test
	void onItsDefaultsTheSampleWritesEachRequestAsOneJsonAccessEventWithNoSecret() throws Exception {
		Sample sample = defaults();

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + sample.port + "/projects?token=s3cr3t"))
				.header("X-Request-ID", "access-1")
				.header("Authorization", "Bearer topsecret")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);

		JsonNode access = sample
			.awaitLine((line) -> isAccessEvent(line) && "access-1".equals(line.path("requestId").asString()));
		assertThat(access.path("requestId").asString()).isEqualTo("access-1");
		assertThat(access.path("http").path("response").path("status_code").asInt()).isEqualTo(200);
		assertThat(access.path("url").path("query").asString()).isEqualTo("token=[redacted]");
		assertThat(access.toString()).doesNotContain("s3cr3t").doesNotContain("topsecret");
	}

	@Test
	void theAccessEventAccessLogMdQuotesHasTheFieldsAndValuesTheSamplePrints() throws Exception {
		JsonNode quoted = quotedEvent("docs/access-log.md", "\"GET /projects/1 200 ");
		Sample sample = defaults();

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + sample.port + "/projects/1"))
				.header("User-Agent", "curl/7.88.1")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode printed = sample
			.awaitLine((line) -> isAccessEvent(line) && "/projects/1".equals(line.at("/url/path").asString()));

		assertThat(leaves(printed)).as("the fields of the quoted event").isEqualTo(leaves(quoted));
		for (String stable : List.of("/log/level", "/log/logger", "/service/name", "/http/request/method",
				"/http/request/header/user-agent", "/http/response/status_code", "/http/route", "/url/path",
				"/client/address", "/rate_limit/outcome", "/ecs/version")) {
			assertThat(printed.at(stable)).as(stable).isEqualTo(quoted.at(stable));
		}
		assertThat(printed.path("message").asString().replaceAll("\\d+ ms id=\\S+", "N ms id=ID"))
			.isEqualTo(quoted.path("message").asString().replaceAll("\\d+ ms id=\\S+", "N ms id=ID"));
		assertThat(printed.path("requestId").asString()).isNotBlank();
	}

	@Test
	void theRefusedEventAccessLogMdQuotesIsWhatTheSamplePrints() throws Exception {
		Sample sample = defaults();
		// a Host the sample does not serve: the JDK's client will not send one of its own choosing
		try (java.net.Socket socket = new java.net.Socket("localhost", Integer.parseInt(sample.port))) {
			socket.getOutputStream()
				.write("GET /projects HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
				.startsWith("HTTP/1.1 400 ");
		}
		JsonNode printed = sample.awaitLine((line) -> isAccessEvent(line) && "/projects".equals(line.at("/url/path").asString())
				&& line.at("/http/response/status_code").asInt() == 400);

		assertQuotedMembers(quotedBlock("docs/access-log.md", "\"error\":{\"code\":\"INVALID_HOST\"}"), printed);
	}

	@Test
	void theBodyEventsAccessLogMdQuotesAreWhatTheSamplePrintsWithBodiesOn() throws Exception {
		this.json = Sample.start("--server.port=0", "--hardening.web.access-log.bodies.enabled=true");
		Sample sample = this.json;
		String ann = "{\"email\":\"ann@example.com\",\"displayName\":\"Ann\",\"password\":\"hunter2\","
				+ "\"card\":{\"number\":\"4111111111111111\",\"expiry\":\"12/30\"}}";
		assertThat(DocSnippet.read(DocSnippet.repository(), Path.of("docs/access-log.md")))
			.as("the command access-log.md shows")
			.anyMatch((snippet) -> snippet.code().contains("-d '" + ann + "'"));
		// the page's second event: a registration of 5,077 bytes, over the 4 KB max-size
		String bob = "{\"email\":\"bob@example.com\",\"displayName\":\"Bob\",\"note\":\"" + "x".repeat(5020) + "\"}";
		for (String body : List.of(ann, bob)) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + sample.port + "/accounts"))
					.header("User-Agent", "curl/7.88.1")
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(201);
		}
		JsonNode first = sample.awaitLine((line) -> isAccessEvent(line) && "/accounts".equals(line.at("/url/path").asString()));
		JsonNode second = sample.awaitLine((line) -> isAccessEvent(line) && "/accounts".equals(line.at("/url/path").asString()));

		JsonNode quoted = quotedEvent("docs/access-log.md", "\"POST /accounts 201 660 ms");
		assertThat(leaves(first)).as("the fields of the quoted event").isEqualTo(leaves(quoted));
		assertQuotedMembers(quoted.toString(), first);
		assertQuotedMembers(quotedBlock("docs/access-log.md", "truncated"), second);
	}

	/**
	 * Every {@code "member":value} of a quoted event, elided ({@code {...}}) or not, is a member the
	 * printed event has with that value; the times, durations and request IDs a run changes excepted.
	 */
	private static void assertQuotedMembers(String quoted, JsonNode printed) {
		Map<String, List<String>> members = new java.util.HashMap<>();
		collectMembers(printed, members);
		Matcher pair = Pattern.compile("\"([\\w@.-]+)\":(\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+|true|false)").matcher(quoted);
		int checked = 0;
		while (pair.find()) {
			String name = pair.group(1);
			if (List.of("@timestamp", "requestId", "duration_ms", "pid", "name").contains(name)) {
				continue;
			}
			String value = JSON.readTree(pair.group(2)).asString();
			checked++;
			assertThat(members.getOrDefault(name, List.of())).as("printed values of %s", name)
				.anySatisfy((printedValue) -> assertThat(withoutTimeAndId(printedValue)).isEqualTo(withoutTimeAndId(value)));
		}
		assertThat(checked).as("members checked").isGreaterThan(3);
	}

	private static String withoutTimeAndId(String value) {
		return value.replaceAll("\\d+ ms id=\\S+", "N ms id=ID");
	}

	private static void collectMembers(JsonNode node, Map<String, List<String>> members) {
		node.properties().forEach((entry) -> {
			if (entry.getValue().isObject()) {
				collectMembers(entry.getValue(), members);
			}
			else {
				members.computeIfAbsent(entry.getKey(), (key) -> new ArrayList<>()).add(entry.getValue().asString());
			}
		});
	}

	/** The text of the JSON block a page of the docs quotes that contains the given text. */
	private static String quotedBlock(String file, String text) {
		return DocSnippet.read(DocSnippet.repository(), Path.of(file))
			.stream()
			.filter((snippet) -> snippet.language().equals("json") && snippet.code().contains(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError(file + " quotes no event with " + text))
			.code();
	}

	/** The JSON event a page of the docs quotes in a block that contains the given text. */
	private static JsonNode quotedEvent(String file, String text) {
		return JSON.readTree(quotedBlock(file, text));
	}

	/** The paths of the leaves of an event, the fields a reader would look for. */
	private static java.util.Set<String> leaves(JsonNode node) {
		java.util.Set<String> paths = new java.util.TreeSet<>();
		collectLeaves("", node, paths);
		return paths;
	}

	private static void collectLeaves(String path, JsonNode node, java.util.Set<String> paths) {
		if (node.isObject() && !node.isEmpty()) {
			node.properties().forEach((entry) -> collectLeaves(path + "/" + entry.getKey(), entry.getValue(), paths));
		}
		else {
			paths.add(path);
		}
	}

	private static boolean isAccessEvent(JsonNode line) {
		return "hardening.access".equals(line.path("log").path("logger").asString());
	}

	/** The sample in a JVM of its own, its output read line by line. */
	private static final class Sample {

		private final Process process;

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		private String port;

		private Sample(Process process) {
			this.process = process;
		}

		/** Starts the sample and returns once Tomcat says on which port it listens. */
		static Sample start(String... args) throws IOException, InterruptedException {
			Path java = Path.of(System.getProperty("java.home"), "bin", "java");
			// C1 alone, as for the test JVMs (the parent pom's argLine): the sample lives for seconds
			List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
					System.getProperty("java.class.path"), SampleApplication.class.getName()));
			command.addAll(List.of(args));
			Sample sample = new Sample(new ProcessBuilder(command).redirectErrorStream(true).start());
			Thread reader = new Thread(() -> {
				try (BufferedReader out = new BufferedReader(
						new InputStreamReader(sample.process.getInputStream(), StandardCharsets.UTF_8))) {
					out.lines().forEach(sample.lines::add);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, "sample-output");
			reader.setDaemon(true);
			reader.start();
			Matcher port = PORT.matcher(sample.awaitText((line) -> line.contains("Tomcat started on port")));
			assertThat(port.find()).isTrue();
			sample.port = port.group(1);
			return sample;
		}

		/** The next JSON line that is wanted; text lines (the default profile's) are skipped. */
		JsonNode awaitLine(Predicate<JsonNode> wanted) throws InterruptedException {
			while (true) {
				String line = this.lines.poll(60, TimeUnit.SECONDS);
				assertThat(line).as("the sample's next log line").isNotNull();
				if (!line.startsWith("{")) {
					continue;
				}
				JsonNode json = JSON.readTree(line);
				if (wanted.test(json)) {
					return json;
				}
			}
		}

		String awaitText(Predicate<String> wanted) throws InterruptedException {
			while (true) {
				String line = this.lines.poll(60, TimeUnit.SECONDS);
				assertThat(line).as("the sample's next log line").isNotNull();
				if (wanted.test(line)) {
					return line;
				}
			}
		}

		void stop() throws InterruptedException {
			this.process.destroy();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}

	}

}
