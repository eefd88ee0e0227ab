package dev.hardening.autoconfigure.logging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The formatter writes what Spring Boot's own ECS formatter writes, byte for byte, whatever the
 * event holds, and writes the access log's events itself.
 */
class EcsStructuredLogFormatterTests {

	private static final MockEnvironment ENVIRONMENT = new MockEnvironment()
		.withProperty("spring.application.name", "projects-sample")
		.withProperty("spring.application.version", "1.2.3")
		.withProperty("spring.application.pid", "4242");

	private static final LoggerContext CONTEXT = (LoggerContext) LoggerFactory.getILoggerFactory();

	private static final byte[] PROCESS = bytes(",\"process\":{\"pid\":4242,");

	private static final byte[] SERVICE = bytes(
			",\"service\":{\"name\":\"projects-sample\",\"version\":\"1.2.3\",\"node\":{}}");

	private static Object previous;

	private static StructuredLogEncoder boots;

	private static EcsStructuredLogFormatter ours;

	@BeforeContainer
	static void formatters() {
		previous = CONTEXT.getObject(Environment.class.getName());
		CONTEXT.putObject(Environment.class.getName(), ENVIRONMENT);
		boots = new StructuredLogEncoder();
		boots.setContext(CONTEXT);
		boots.setFormat("ecs");
		boots.start();
		ours = new EcsStructuredLogFormatter(ENVIRONMENT);
	}

	@AfterContainer
	static void restore() {
		if (previous != null) {
			CONTEXT.putObject(Environment.class.getName(), previous);
		}
	}

	@Property(tries = 3000)
	void writesWhatBootsFormatterWrites(@ForAll("events") LoggingEvent event) {
		Throwable bootsFailure = catchThrowable(() -> boots.encode(event));
		Throwable oursFailure = catchThrowable(() -> ours.formatAsBytes(event, StandardCharsets.UTF_8));
		if (bootsFailure != null) {
			assertThat(oursFailure).isNotNull().hasMessage(bootsFailure.getMessage());
			return;
		}
		assertThat(oursFailure).isNull();
		Statistics.collect(new EcsLine().write(event, PROCESS, SERVICE) != null ? "written by ours" : "left to Boot's");
		assertThat(new String(ours.formatAsBytes(event, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
			.isEqualTo(new String(boots.encode(event), StandardCharsets.UTF_8));
		assertThat(ours.formatAsBytes(event, StandardCharsets.UTF_8)).isEqualTo(boots.encode(event));
	}

	@Property(tries = 3000)
	void readsKeyValuesThroughTheVisitorAndWritesWhatBootWritesForTheList(@ForAll("events") LoggingEvent event) {
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs.stream().anyMatch((pair) -> !(pair.value instanceof String || pair.value instanceof Integer
				|| pair.value instanceof Long))) {
			return;
		}
		VisitedPairs visited = new VisitedPairs(pairs);
		LoggingEvent read = event(event.getLevel(), event.getMessage(), event.getThreadName(), event.getInstant(),
				event.getMDCPropertyMap(), List.of());
		read.setKeyValuePairs(visited);

		byte[] line = new EcsLine().write(read, PROCESS, SERVICE);

		Statistics.collect(line != null ? "written by ours" : "left to Boot's");
		if (line != null) {
			assertThat(visited.listReads).isZero();
			assertThat(new String(line, StandardCharsets.UTF_8))
				.isEqualTo(new String(boots.encode(event), StandardCharsets.UTF_8));
			assertThat(line).isEqualTo(new EcsLine().write(event, PROCESS, SERVICE));
		}
		else {
			assertThat(new EcsLine().write(event, PROCESS, SERVICE)).isNull();
		}
	}

	/**
	 * One writer, as a thread has it, writing events of a few sets of names in any order, with
	 * any values: the sets it keeps a layout for are written as Boot writes them too, whatever the
	 * values, their types, and whether the names are the same strings or equal ones.
	 */
	@Property(tries = 500)
	void writesWhatBootsFormatterWritesWhenOneWriterWritesEventsOfAFewSetsOfNames(
			@ForAll("sequences") List<LoggingEvent> events) {
		EcsLine writer = new EcsLine();
		for (LoggingEvent event : events) {
			byte[] line = writer.write(event, PROCESS, SERVICE);
			if (line == null) {
				assertThat(writer.laidOut).isFalse();
				continue;
			}
			Statistics.label("laid out").collect(writer.laidOut);
			assertThat(new String(line, StandardCharsets.UTF_8))
				.isEqualTo(new String(boots.encode(event), StandardCharsets.UTF_8));
		}
		Statistics.label("laid out").coverage((coverage) -> coverage.check(true).percentage((share) -> share > 10));
	}

	@Example
	void writesAnAccessLogEventInItsKeptLayoutAsBootWould() {
		EcsLine writer = new EcsLine();
		for (int i = 0; i < 4; i++) {
			LoggingEvent event = event(Level.INFO, "GET /projects/" + i + " 200 " + i + " ms", "exec-" + i,
					Instant.parse("2026-11-23T15:52:07.795004011Z").plusSeconds(i), Map.of("requestId", "id-" + i),
					List.of(pair("http.request.method", (i % 2 == 0) ? "GET" : "P\"ST"), pair("url.path", "/projects/" + i),
							pair("http.response.status_code", (i < 2) ? (Object) 200 : "200"),
							pair("event.duration_ms", (long) i * 1000), pair(new String("client.address"), "é\n" + i)));
			byte[] line = writer.write(event, PROCESS, SERVICE);
			assertThat(writer.laidOut).isEqualTo(i >= 2);
			assertThat(new String(line, StandardCharsets.UTF_8))
				.isEqualTo(new String(boots.encode(event), StandardCharsets.UTF_8));
		}
	}

	@Property(tries = 3000)
	void writesMostEventsItself(@ForAll("events") LoggingEvent event) {
		Statistics.collect(new EcsLine().write(event, PROCESS, SERVICE) != null);
		Statistics.coverage((coverage) -> coverage.check(true).percentage((share) -> share > 40));
	}

	@Example
	void writesAnAccessLogEventItselfAsBootWould() {
		LoggingEvent event = event(Level.INFO, "GET /projects/1 200 39 ms id=01a2 client=127.0.0.1", "exec-1",
				Instant.parse("2026-11-23T15:52:07.795004011Z"), Map.of("requestId", "01a2"),
				List.of(pair("http.request.method", "GET"), pair("url.path", "/projects/1"),
						pair("http.response.status_code", 200), pair("event.duration_ms", 39L),
						pair("http.response.body.bytes", 131L), pair("client.address", "127.0.0.1"),
						pair("http.route", "/projects/{id}"), pair("http.request.header.user-agent", "curl/7.88.1"),
						pair("rate_limit.outcome", "allowed")));

		byte[] line = new EcsLine().write(event, PROCESS, SERVICE);

		assertThat(line).isNotNull();
		assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo(new String(boots.encode(event), StandardCharsets.UTF_8))
			.isEqualTo("{\"@timestamp\":\"2026-11-23T15:52:07.795004011Z\",\"log\":{\"level\":\"INFO\","
					+ "\"logger\":\"hardening.access\"},\"process\":{\"pid\":4242,\"thread\":{\"name\":\"exec-1\"}},"
					+ "\"service\":{\"name\":\"projects-sample\",\"version\":\"1.2.3\",\"node\":{}},"
					+ "\"message\":\"GET /projects/1 200 39 ms id=01a2 client=127.0.0.1\",\"requestId\":\"01a2\","
					+ "\"http\":{\"request\":{\"method\":\"GET\",\"header\":{\"user-agent\":\"curl/7.88.1\"}},"
					+ "\"response\":{\"status_code\":200,\"body\":{\"bytes\":131}},\"route\":\"/projects/{id}\"},"
					+ "\"url\":{\"path\":\"/projects/1\"},\"event\":{\"duration_ms\":39},"
					+ "\"client\":{\"address\":\"127.0.0.1\"},\"rate_limit\":{\"outcome\":\"allowed\"},"
					+ "\"ecs\":{\"version\":\"8.11\"}}\n");
	}

	@Example
	void writesEachLineWholeWhenManyThreadsWriteAtOnce() throws Exception {
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
		try {
			List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
			for (int t = 0; t < 16; t++) {
				int thread = t;
				results.add(threads.submit(() -> {
					List<String> mismatches = new ArrayList<>();
					for (int i = 0; i < 300; i++) {
						LoggingEvent event = event(Level.INFO, "line " + thread + "-" + i + " " + "x".repeat(i * 7),
								"worker-" + thread, Instant.ofEpochSecond(1_700_000_000L + i, i),
								Map.of("requestId", thread + "-" + i), List.of(pair("url.path", "/" + thread + "/" + i)));
						String ours = new String(EcsStructuredLogFormatterTests.ours.formatAsBytes(event,
								StandardCharsets.UTF_8), StandardCharsets.UTF_8);
						String expected = new String(boots.encode(event), StandardCharsets.UTF_8);
						if (!ours.equals(expected)) {
							mismatches.add(ours);
						}
					}
					return mismatches;
				}));
			}
			for (java.util.concurrent.Future<List<String>> result : results) {
				assertThat(result.get()).isEmpty();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Example
	void leavesEventsWithAThrowableOrMarkersToBoot() {
		LoggingEvent thrown = event(Level.ERROR, "failed", "main", Instant.now(), Map.of(), List.of());
		thrown.setThrowableProxy(new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("boom")));
		LoggingEvent marked = event(Level.INFO, "marked", "main", Instant.now(), Map.of(), List.of());
		marked.addMarker(MarkerFactory.getMarker("AUDIT"));

		for (LoggingEvent event : List.of(thrown, marked)) {
			assertThat(new EcsLine().write(event, bytes(",\"process\":{"), bytes(",\"service\":{\"node\":{}}"))).isNull();
			assertThat(ours.formatAsBytes(event, StandardCharsets.UTF_8)).isEqualTo(boots.encode(event));
		}
	}

	@Example
	void leavesEveryEventToBootWhenTheMembersAreCustomized() {
		assertThat(EcsStructuredLogFormatter.isCustomized(ENVIRONMENT)).isFalse();
		assertThat(EcsStructuredLogFormatter
			.isCustomized(new MockEnvironment().withProperty("logging.structured.json.exclude", "process"))).isTrue();
		assertThat(EcsStructuredLogFormatter
			.isCustomized(new MockEnvironment().withProperty("LOGGING_STRUCTURED_JSON_RENAME_MESSAGE", "msg"))).isTrue();
		assertThat(EcsStructuredLogFormatter.isCustomized(
				new MockEnvironment().withProperty("logging.structured.json.stacktrace.max-length", "1024")))
			.isFalse();
	}

	@Provide
	Arbitrary<List<LoggingEvent>> sequences() {
		Arbitrary<List<String>> names = NAMES.list().ofMaxSize(6);
		Arbitrary<Map<String, String>> mdc = Arbitraries.of(Map.of(), Map.of("requestId", "01a2"),
				Map.of("requestId", "01a3\"", "a.b", "x"));
		return names.list().ofMinSize(1).ofMaxSize(3).flatMap((sets) -> Combinators
			.combine(Arbitraries.integers().between(0, sets.size() - 1), VALUES.list().ofSize(6), mdc,
					Arbitraries.of(true, false), Arbitraries.strings().ofMaxLength(10))
			.as((which, values, context, copied, message) -> {
				List<KeyValuePair> pairs = new ArrayList<>();
				List<String> set = sets.get(which);
				for (int i = 0; i < set.size(); i++) {
					// equal names that are other strings than those the layout was kept for
					pairs.add(pair(copied ? new String(set.get(i)) : set.get(i), values.get(i)));
				}
				return event(Level.INFO, message, "exec-1", Instant.ofEpochSecond(1_790_000_000L, 123_456_789), context,
						pairs);
			})
			.list()
			.ofMinSize(1)
			.ofMaxSize(16));
	}

	private static final Arbitrary<String> NAMES = Arbitraries.of("requestId", "a", "a.b", "a.c", "a.b.c", "b",
			"http.request.method", "http.response.status_code", "url.path", "x.y.z", "é.ü", "q\"t", "", ".a", "a.",
			"a..b", "user id");

	private static final Arbitrary<Object> VALUES = Arbitraries.oneOf(
			Arbitraries.strings().ofMaxLength(10).map((s) -> (Object) s), Arbitraries.integers().map((i) -> (Object) i),
			Arbitraries.longs().map((l) -> (Object) l),
			Arbitraries.of(true, false, 1.5d, -0.0d, 3.0f, (short) 7, (byte) -1, Long.MIN_VALUE));

	@Provide
	Arbitrary<LoggingEvent> events() {
		Arbitrary<Level> level = Arbitraries.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);
		Arbitrary<String> message = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
				Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20),
				Arbitraries.strings().withChars("a\"\\\b\f\n\r\t\u007f\u0085\u2028\ud83d\ude00\ud800\udc00é").ofMaxLength(12),
				Arbitraries.of("\ud83d", "a\udc00b", "x\ud83d"), Arbitraries.just(null));
		Arbitrary<String> thread = Arbitraries.of("main", "http-nio-8080-exec-1", "t\"1", "\u00e9\ud83d\ude00");
		Arbitrary<Instant> instant = Combinators
			.combine(Arbitraries.longs().between(-1_000_000_000L, 20_000_000_000L),
					Arbitraries.of(0, 1, 999, 1000, 123_000, 123_456, 1_000_000, 120_000_000, 123_456_789, 999_999_999))
			.as(Instant::ofEpochSecond);
		Arbitrary<String> name = Arbitraries.of("requestId", "a", "a.b", "a.c", "a.b.c", "b", "http.request.method",
				"http.response.status_code", "url.path", "x.y.z", "é.ü", "q\"t", "", ".a", "a.", "a..b", "user id");
		Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(10).map((s) -> (Object) s),
				Arbitraries.integers().map((i) -> (Object) i), Arbitraries.longs().map((l) -> (Object) l),
				Arbitraries.of(true, false, 1.5d, -0.0d, 3.0f, (short) 7, (byte) -1, Long.MIN_VALUE),
				Arbitraries.of(List.of("x"), Map.of("k", "v"), new int[] { 1 }, new Object()).map((o) -> o),
				Arbitraries.just(null));
		Arbitrary<Map<String, String>> mdc = Combinators.combine(name, Arbitraries.strings().ofMaxLength(8))
			.as((k, v) -> Map.entry(k, v))
			.list()
			.ofMaxSize(3)
			.map((entries) -> {
				Map<String, String> map = new LinkedHashMap<>();
				entries.forEach((entry) -> map.put(entry.getKey(), entry.getValue()));
				return map;
			});
		Arbitrary<List<KeyValuePair>> pairs = Combinators.combine(name, value).as(EcsStructuredLogFormatterTests::pair)
			.list()
			.ofMaxSize(8);
		return Combinators.combine(level, message, thread, instant, mdc, pairs).as(EcsStructuredLogFormatterTests::event);
	}

	private static LoggingEvent event(Level level, String message, String thread, Instant instant,
			Map<String, String> mdc, List<KeyValuePair> pairs) {
		Logger logger = CONTEXT.getLogger("hardening.access");
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, null, null);
		event.setThreadName(thread);
		event.setInstant(instant);
		event.setMDCPropertyMap(mdc);
		event.setKeyValuePairs(new ArrayList<>(pairs));
		return event;
	}

	/**
	 * Pairs that a visitor reads, strings and integers as {@link KeyValues} hands them, and that
	 * count the reads of the list.
	 */
	private static final class VisitedPairs extends java.util.AbstractList<KeyValuePair> implements KeyValues {

		private final List<KeyValuePair> pairs;

		private int listReads;

		VisitedPairs(List<KeyValuePair> pairs) {
			this.pairs = pairs;
		}

		@Override
		public boolean visit(Visitor visitor) {
			for (KeyValuePair pair : this.pairs) {
				boolean going = (pair.value instanceof String string) ? visitor.string(pair.key, string)
						: visitor.number(pair.key, ((Number) pair.value).longValue());
				if (!going) {
					return false;
				}
			}
			return true;
		}

		@Override
		public KeyValuePair get(int index) {
			this.listReads++;
			return this.pairs.get(index);
		}

		@Override
		public int size() {
			this.listReads++;
			return this.pairs.size();
		}

	}

	private static KeyValuePair pair(String key, Object value) {
		return new KeyValuePair(key, value);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
