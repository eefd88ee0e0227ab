package dev.hardening.autoconfigure.error;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.hardening.autoconfigure.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile {@code @RequestBody} JSON (cut short, wrong types, numbers of every size and
 * exponent, deep nesting, duplicate keys, a BOM, invalid UTF-8, control characters, every charset
 * parameter) and hostile path variables and query parameters for enum, UUID, integer, long,
 * {@code Instant}, {@code LocalDate} and list conversions, sent byte for byte (protection holds).
 * For each: never a {@code 5xx}; every {@code 4xx} is a problem with a stable code and no stack
 * trace that does not quote the hostile marker (outside {@code instance}, the path, which a path
 * variable is part of); nothing logged meanwhile is an error, has a stack trace, breaks a line or
 * quotes it (but the access log's path).
 */
class HostileClientInputPropertyTests {

	private static final String MARKER = HostileClientApplication.MARKER;

	private static final String SEED = "20261205";

	private static final int TRIES = 250;

	private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

	private static ConfigurableApplicationContext context;

	private static RawHttp http;

	@BeforeContainer
	static void start() {
		context = new SpringApplicationBuilder(HostileClientApplication.class).properties("server.port=0").run();
		http = new RawHttp(((WebServerApplicationContext) context).getWebServer().getPort());
		LOG.start();
		rootLogger().addAppender(LOG);
	}

	@AfterContainer
	static void stop() {
		rootLogger().detachAppender(LOG);
		if (context != null) {
			context.close();
		}
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void jsonBodies(@ForAll("bodies") byte[] body, @ForAll("jsonContentTypes") String contentType,
			@ForAll("bodyTargets") String path) {
		check("POST", path, body, "Content-Type", contentType);
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void convertedParameters(@ForAll("values") String value, @ForAll("parameterTargets") String target) {
		check("GET", target.replace("{}", value), new byte[0]);
	}

	private static void check(String method, String target, byte[] body, String... headers) {
		List<String[]> pairs = new ArrayList<>();
		for (int i = 0; i < headers.length; i += 2) {
			pairs.add(new String[] { headers[i], headers[i + 1] });
		}
		int from = logged();
		RawHttp.Response response = http.send(method, target, pairs, body);
		assertThat(response.status()).as("%s %s: %s", method, target, response).isLessThan(500);
		if (response.status() >= 400) {
			assertThat(response.header("Content-Type")).as("%s", response).isEqualTo("application/problem+json");
			JsonNode problem = json(response.body());
			assertThat(problem.path("code").asString()).matches("[A-Z][A-Z0-9_]*");
			assertThat(problem.path("status").asInt()).isEqualTo(response.status());
			String outsideInstance = response.body().replace(problem.path("instance").asString(), "");
			assertThat(outsideInstance).as("%s", response)
				.doesNotContain(MARKER, "Exception", "java.", "tools.jackson", "\tat ");
		}
		List<ILoggingEvent> events;
		synchronized (LOG) {
			events = new ArrayList<>(LOG.list.subList(from, LOG.list.size()));
		}
		for (ILoggingEvent event : events) {
			assertThat(event.getLevel().isGreaterOrEqual(Level.ERROR)).as("level of %s", event).isFalse();
			assertThat(event.getThrowableProxy()).as("stack trace of %s", event).isNull();
			assertThat(event.getFormattedMessage()).doesNotContainPattern("[\\p{Cntrl}\\u0085\\u2028\\u2029]");
			if (!event.getLoggerName().equals("hardening.access")) {
				// the access log names the path, escaped, by design
				assertThat(event.getFormattedMessage()).doesNotContain(MARKER);
			}
		}
	}

	@Provide
	Arbitrary<String> bodyTargets() {
		return Arbitraries.of("/hostile/items", "/hostile/batch");
	}

	@Provide
	Arbitrary<String> jsonContentTypes() {
		return Arbitraries.of("application/json", "application/json; charset=UTF-8", "application/json; charset=UTF-16",
				"application/json; charset=UTF-16LE", "application/json; charset=UTF-32", "application/json; charset=ISO-8859-1",
				"application/json; charset=x-IBM1047", "application/json; charset=ISO-2022-JP", "application/json; charset=",
				"application/json; charset=\"" + MARKER + "\"", "application/json; charset=" + MARKER, "application/vnd." + MARKER + "+json",
				"application/merge-patch+json", "application/json;;", "application/json; q=0", "text/json", "application/json ; charset = utf-8");
	}

	@Provide
	Arbitrary<byte[]> bodies() {
		Arbitrary<String> value = Arbitraries.of("1", "-1", "0", "1.5", "-0", "1e5", "1e400", "1e99999", "1e999999999",
				"-1e999999999", "1E-999999999", "9".repeat(999), "9".repeat(1001), "0." + "1".repeat(999), "NaN", "\"NaN\"",
				"Infinity", "true", "null", "\"\"", "\"" + MARKER + "\"", "\"<script>" + MARKER + "\"", "\"\\u0000" + MARKER + "\"",
				"\"\\ud800" + MARKER + "\"", "\"2026-02-30\"", "\"2026-01-31T25:00:00Z\"", "\"SMALL\"", "\"small\"",
				"\"00000000-0000-0000-0000-000000000000\"", "\"0-0-0-0-0\"", "[]", "[1,\"" + MARKER + "\"]", "{}",
				"{\"" + MARKER + "\":1}", "[" .repeat(70) + "]".repeat(70), "{\"a\":".repeat(70) + "1" + "}".repeat(70),
				"\"" + "x".repeat(2000) + "\"", "'" + MARKER + "'", MARKER, "01", "0x10", "+1", ".5", "1.", "\"\\x41\"");
		Arbitrary<String> name = Arbitraries.of("name", "size", "kind", "id", "at", "on", "big", "amount", "ratio", "tags",
				"child", MARKER, "name", "\u0000", "__proto__", "@class", "");
		Arbitrary<String> member = Combinators.combine(name, value).as((n, v) -> "\"" + n + "\":" + v);
		Arbitrary<String> object = member.list().ofMaxSize(6).map((members) -> "{" + String.join(",", members) + "}");
		Arbitrary<String> document = Arbitraries.oneOf(object, object.list().ofMaxSize(3).map((l) -> "[" + String.join(",", l) + "]"),
				value);
		return Combinators.combine(document, Arbitraries.integers().between(0, 40), Arbitraries.of("", "\u00ef\u00bb\u00bf",
				"\u00fe\u00ff", "\u0000"), Arbitraries.of("", "\u00c3\u0028", "\u00ff", "\u00ed\u00a0\u0080", "\u00c0\u00af", ",", "}", "\r\n"))
			.as((doc, cut, prefix, suffix) -> {
				// one body in four is cut short at a random point
				String text = (cut < 10) ? doc.substring(0, doc.length() * cut / 10) : doc;
				ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				bytes.writeBytes(prefix.getBytes(StandardCharsets.ISO_8859_1));
				bytes.writeBytes(text.getBytes(StandardCharsets.UTF_8));
				bytes.writeBytes(suffix.getBytes(StandardCharsets.ISO_8859_1));
				return bytes.toByteArray();
			});
	}

	@Provide
	Arbitrary<String> parameterTargets() {
		return Arbitraries.of("/hostile/kinds/{}", "/hostile/ids/{}", "/hostile/convert?n={}", "/hostile/convert?l={}",
				"/hostile/convert?at={}", "/hostile/convert?on={}", "/hostile/convert?kind={}", "/hostile/convert?ns={}",
				"/hostile/convert?ns={}&ns={}", "/hostile/validated?size={}", "/hostile/validated?size=1&name={}");
	}

	@Provide
	Arbitrary<String> values() {
		Arbitrary<String> fixed = Arbitraries.of(MARKER, "SMALL", "small", "%53MALL", "99999999999999999999",
				"-9223372036854775809", "1e5", "0x1F", "%2B1", "%E2%80%8B1", "%EF%BC%91", "1%00", "%00", "",
				"2026-02-30", "2026-13-01", "+999999999-12-31", "-999999999-01-01T00:00:00Z",
				"2026-01-31T13:45:00%2B25:00", "00000000-0000-0000-0000-0000000000000", "0-0-0-0-0",
				"%7B" + MARKER + "%7D", "%3Cscript%3E" + MARKER, MARKER + "%0D%0AINFO+forged", "%C2%85" + MARKER,
				"%E2%80%A8" + MARKER, "%FF%FE", "1,2," + MARKER, "," + ",".repeat(100), "9".repeat(500),
				"NaN", "%20", "%2e%2e");
		Arbitrary<String> generated = Arbitraries.strings()
			.withCharRange('0', 'z')
			.ofMaxLength(40)
			.map((s) -> s.replace("\\", "").replace("^", "").replace("`", "").replace("[", "").replace("]", ""));
		return Arbitraries.oneOf(fixed, fixed, generated);
	}

	private static int logged() {
		synchronized (LOG) {
			return LOG.list.size();
		}
	}

	private static Logger rootLogger() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
