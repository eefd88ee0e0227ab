package dev.hardening.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.hardening.autoconfigure.logging.EcsStructuredLogFormatter;
import dev.hardening.autoconfigure.logging.KeyValues;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The access-log event holds its fields rather than a pair for each: read as a list, read by a
 * visitor, or written as an ECS line, it gives the pairs an event of {@code KeyValuePair}s in a list
 * gives, in the same order, with the same values and value types, whatever the client sent.
 */
class AccessLogEventTests {

	private static final String[] HEADER_KEYS = { "http.request.header.user-agent", "http.request.header.referer",
			"http.request.header.content-type" };

	private static final MockEnvironment ENVIRONMENT = new MockEnvironment()
		.withProperty("spring.application.name", "projects-sample")
		.withProperty("spring.application.pid", "4242");

	private static final LoggerContext CONTEXT = (LoggerContext) LoggerFactory.getILoggerFactory();

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

	@Property(tries = 2000)
	void givesThePairsAListOfPairsGives(@ForAll("fields") Fields fields) {
		AccessLogEvent event = fields.event();
		List<KeyValuePair> expected = fields.pairs();

		assertThat(event).hasSize(expected.size());
		for (int i = 0; i < expected.size(); i++) {
			KeyValuePair pair = event.get(i);
			assertThat(pair.key).isEqualTo(expected.get(i).key);
			assertThat(pair.value).isEqualTo(expected.get(i).value)
				.hasSameClassAs(expected.get(i).value);
		}
		assertThat(visited(event)).containsExactlyElementsOf(visited(expected));
	}

	@Property(tries = 2000)
	void isWrittenAsBootWritesTheListOfPairs(@ForAll("fields") Fields fields) {
		LoggingEvent read = logged(fields.event());
		LoggingEvent listed = logged(new ArrayList<>(fields.pairs()));

		byte[] line = ours.formatAsBytes(read, StandardCharsets.UTF_8);

		assertThat(new String(line, StandardCharsets.UTF_8))
			.isEqualTo(new String(boots.encode(listed), StandardCharsets.UTF_8));
		assertThat(line).isEqualTo(boots.encode(read)).isEqualTo(ours.formatAsBytes(listed, StandardCharsets.UTF_8));
	}

	@Example
	void refusesAnIndexOutsideItsPairs() {
		AccessLogEvent event = new AccessLogEvent("hardening.access", Level.INFO, HEADER_KEYS, "GET", "/", 200, 1, 2,
				"127.0.0.1");
		event.header(1, "https://example.com/");

		assertThat(event).hasSize(7);
		assertThat(event.get(6).key).isEqualTo("http.request.header.referer");
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> event.get(7));
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> event.get(-1));
	}

	/** The pairs a visitor is handed, numbers as {@code Long}, as the list's would be written. */
	private static List<KeyValuePair> visited(List<KeyValuePair> pairs) {
		List<KeyValuePair> visited = new ArrayList<>();
		if (pairs instanceof KeyValues values) {
			values.visit(new KeyValues.Visitor() {

				@Override
				public boolean string(String key, String value) {
					return visited.add(new KeyValuePair(key, value));
				}

				@Override
				public boolean number(String key, long value) {
					return visited.add(new KeyValuePair(key, value));
				}

			});
			return visited;
		}
		for (KeyValuePair pair : pairs) {
			visited.add(new KeyValuePair(pair.key,
					(pair.value instanceof Integer number) ? Long.valueOf(number.longValue()) : pair.value));
		}
		return visited;
	}

	private static LoggingEvent logged(List<KeyValuePair> pairs) {
		Logger logger = CONTEXT.getLogger(AccessLogFilter.LOGGER);
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, ch.qos.logback.classic.Level.INFO,
				"GET /projects/42 200 3 ms id=01a2 client=203.0.113.7", null, null);
		event.setThreadName("http-nio-8080-exec-1");
		event.setInstant(Instant.parse("2026-11-23T15:52:07.795004011Z"));
		event.setMDCPropertyMap(Map.of("requestId", "01a2"));
		event.setKeyValuePairs(pairs);
		return event;
	}

	@Provide
	Arbitrary<Fields> fields() {
		Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
				Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(12),
				Arbitraries.strings().withChars("a\"\\\b\f\n\r\t\u007f\u0085\u2028\ud83d\ude00\ud800\udc00é/?=&").ofMaxLength(12),
				Arbitraries.of("\ud83d", "a\udc00b", "x\ud83d", "", "/projects/{id}", "Mozilla/5.0 (X11)"));
		Arbitrary<Optional<String>> maybe = text.optional(0.5);
		Arbitrary<String> method = Arbitraries.oneOf(Arbitraries.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
				"OPTIONS", "TRACE", "PROPFIND"), text);
		Arbitrary<Integer> status = Arbitraries.oneOf(Arbitraries.of(200, 204, 304, 400, 404, 429, 500, 503),
				Arbitraries.integers().between(-1, 1000));
		Arbitrary<Long> number = Arbitraries.oneOf(Arbitraries.longs().between(0, 300), Arbitraries.longs(),
				Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 127L, 128L));
		Arbitrary<List<Optional<String>>> headers = maybe.list().ofSize(HEADER_KEYS.length);
		Arbitrary<Optional<String>> code = Arbitraries.of("RATE_LIMITED", "NOT_FOUND", "INVALID_HOST").optional(0.3);
		Arbitrary<Optional<Boolean>> rateLimited = Arbitraries.of(true, false).optional(0.5);
		Arbitrary<List<String>> strings = Combinators.combine(method, text, text).as(List::of);
		Arbitrary<List<Optional<String>>> optionals = Combinators.combine(maybe, maybe, code, maybe, maybe)
			.as(List::of);
		return Combinators.combine(strings, status, number, number, optionals, headers, rateLimited)
			.as((s, st, millis, bytes, o, h, r) -> new Fields(s.get(0), s.get(1), st, millis, bytes, s.get(2), o.get(0),
					o.get(1), h, o.get(2), r, o.get(3), o.get(4)));
	}

	/** An event's fields, and the pairs a list of them holds, in the access log's order. */
	record Fields(String method, String path, int status, long millis, long bytes, String client,
			Optional<String> route, Optional<String> query, List<Optional<String>> headers, Optional<String> code,
			Optional<Boolean> rateLimited, Optional<String> requestBody, Optional<String> responseBody) {

		AccessLogEvent event() {
			AccessLogEvent event = new AccessLogEvent(AccessLogFilter.LOGGER, Level.INFO, HEADER_KEYS, this.method,
					this.path, this.status, this.millis, this.bytes, this.client);
			this.route.ifPresent(event::route);
			this.query.ifPresent(event::query);
			for (int i = 0; i < HEADER_KEYS.length; i++) {
				int index = i;
				this.headers.get(i).ifPresent((value) -> event.header(index, value));
			}
			this.code.ifPresent(event::code);
			this.rateLimited.ifPresent(event::rateLimit);
			this.requestBody.ifPresent(event::requestBody);
			this.responseBody.ifPresent(event::responseBody);
			return event;
		}

		List<KeyValuePair> pairs() {
			List<KeyValuePair> pairs = new ArrayList<>();
			pairs.add(new KeyValuePair("http.request.method", this.method));
			pairs.add(new KeyValuePair("url.path", this.path));
			pairs.add(new KeyValuePair("http.response.status_code", this.status));
			pairs.add(new KeyValuePair("event.duration_ms", this.millis));
			pairs.add(new KeyValuePair("http.response.body.bytes", this.bytes));
			pairs.add(new KeyValuePair("client.address", this.client));
			this.route.ifPresent((value) -> pairs.add(new KeyValuePair("http.route", value)));
			this.query.ifPresent((value) -> pairs.add(new KeyValuePair("url.query", value)));
			for (int i = 0; i < HEADER_KEYS.length; i++) {
				String key = HEADER_KEYS[i];
				this.headers.get(i).ifPresent((value) -> pairs.add(new KeyValuePair(key, value)));
			}
			this.code.ifPresent((value) -> pairs.add(new KeyValuePair("error.code", value)));
			this.rateLimited
				.ifPresent((rejected) -> pairs.add(new KeyValuePair("rate_limit.outcome", rejected ? "rejected" : "allowed")));
			this.requestBody.ifPresent((value) -> pairs.add(new KeyValuePair("http.request.body.content", value)));
			this.responseBody.ifPresent((value) -> pairs.add(new KeyValuePair("http.response.body.content", value)));
			return pairs;
		}

	}

}
