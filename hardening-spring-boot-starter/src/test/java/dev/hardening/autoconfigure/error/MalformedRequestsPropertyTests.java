package dev.hardening.autoconfigure.error;

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
import net.jqwik.api.Tuple;
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
 * Generated hostile requests of every form Spring MVC and Tomcat parse before a controller runs
 * ({@code Content-Type}, {@code Accept*}, ranges, dates, cookies, forms, multipart), sent byte for
 * byte to a small API. For each: the status is never 5xx, every 4xx is a problem with a code and
 * no stack trace that does not quote the hostile value, and nothing logged while it was answered
 * is an error, carries a stack trace, breaks a line or quotes the hostile value. The shapes these
 * properties found are pinned in {@link MalformedRequestsTests}.
 */
class MalformedRequestsPropertyTests {

	/** Put in generated values where the grammar allows, to find them echoed in a body or a log line. */
	private static final String MARKER = "Hst1le";

	private static final int TRIES = 200;

	/**
	 * A fixed seed, so that the build answers the same every time: with a new seed each run, this
	 * fuzzer found a new request shape twice while it was written, and a shape found on CI would
	 * block an unrelated change. To hunt for more, change the seed (or remove it) and run the class.
	 */
	private static final String SEED = "20261202";

	private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

	private static ConfigurableApplicationContext context;

	private static RawHttp http;

	@BeforeContainer
	static void start() {
		context = new SpringApplicationBuilder(MalformedRequestsApplication.class)
			.properties(MalformedRequestsApplication.PROPERTIES)
			.properties("server.port=0")
			.run();
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
	void contentTypeOfABody(@ForAll("mediaTypes") String contentType, @ForAll("bodyTargets") BodyTarget target) {
		check(target.method(), target.path(), target.body(), "Content-Type", contentType);
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void acceptHeaders(@ForAll("acceptValues") String accept, @ForAll("negotiationHeaders") String header,
			@ForAll("readTargets") String target) {
		if (target.equals("POST /api/widgets")) {
			check("POST", "/api/widgets", "{\"name\":", "Content-Type", "application/json", header, accept);
		}
		else {
			check("GET", target.substring(4), "", header, accept);
		}
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void rangeRequests(@ForAll("ranges") String range, @ForAll("validators") String ifRange,
			@ForAll("readTargets") String target) {
		String path = target.substring(target.indexOf(' ') + 1);
		check("GET", path, "", "Range", range, "If-Range", ifRange);
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void conditionalRequests(@ForAll("conditionalHeaders") String header, @ForAll("validators") String value,
			@ForAll("conditionalTargets") String path) {
		check("GET", path, "", header, value);
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void cookiesAndConvertedHeaders(@ForAll("cookies") String cookie, @ForAll("tokens") String count,
			@ForAll("validators") String when) {
		check("GET", "/api/headers", "", "Cookie", cookie, "X-Count", count, "X-When", when);
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void urlencodedForms(@ForAll("formBodies") String body, @ForAll("formBodies") String query,
			@ForAll("formContentTypes") String contentType, @ForAll("formTargets") String target) {
		String method = target.substring(0, target.indexOf(' '));
		String path = target.substring(target.indexOf(' ') + 1) + (query.isEmpty() ? "" : "?" + query);
		check(method, path, body, "Content-Type", contentType);
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void multipartBodies(@ForAll("multipart") Multipart multipart, @ForAll("multipartTargets") String path) {
		check("POST", path, multipart.body(), "Content-Type", multipart.contentType());
	}

	@Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED)
	void requestFraming(@ForAll("methods") String method, @ForAll("requestTargets") String target,
			@ForAll("versions") String version, @ForAll("framingHeaders") List<String> headers,
			@ForAll("framedBodies") String body) {
		StringBuilder request = new StringBuilder(method).append(' ').append(target).append(' ').append(version)
			.append("\r\nHost: localhost\r\nConnection: close\r\n");
		headers.forEach((header) -> request.append(header).append("\r\n"));
		request.append("\r\n").append(body);
		int logged = logged();
		RawHttp.Response response = http.raw(request.toString().getBytes(StandardCharsets.ISO_8859_1), true);
		if (response != null && response.status() == 0) {
			assertThat(response.body()).doesNotContain("Exception", "\tat ", "java.", MARKER);
		}
		else if (response != null) {
			// the 5xx a client can cause, as RFC 9110 and 9112 have them: a method (CONNECT), a
			// transfer coding or an HTTP version the container does not implement; still problems
			boolean notImplemented = response.status() == 501 && (method.equals("CONNECT")
					|| headers.stream().anyMatch((header) -> header.startsWith("Transfer-Encoding:")));
			boolean unsupportedVersion = response.status() == 505 && !version.startsWith("HTTP/1.");
			assertThat(notImplemented || unsupportedVersion || response.status() < 500)
				.as("status %s of %s", response.status(), request)
				.isTrue();
			if (method.equals("HEAD") && response.status() >= 400) {
				// a HEAD response has no body, only the problem's headers
				assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
			}
			else if (response.status() >= 400 && !conditionalRefusal(method, response)
					&& !asteriskFormRefusal(target, response)) {
				assertProblem(response);
			}
		}
		assertLoggedSafely(logged);
	}

	private static void check(String method, String target, String body, String... headers) {
		List<String[]> pairs = new ArrayList<>();
		for (int i = 0; i < headers.length; i += 2) {
			pairs.add(new String[] { headers[i], headers[i + 1] });
		}
		int logged = logged();
		// the server closes the connection only once the request is done, logging included
		RawHttp.Response response = http.send(method, target, pairs, body.getBytes(StandardCharsets.ISO_8859_1));
		assertThat(response.status()).as("%s %s %s: %s", method, target, pairs.stream().map((p) -> p[0] + ": " + p[1]).toList(),
				response).isLessThan(500);
		if (response.status() >= 400 && !conditionalRefusal(method, response)) {
			if (asksForHtml(pairs) && String.valueOf(response.header("Content-Type")).startsWith("text/html")) {
				assertPage(response);
			}
			else {
				assertProblem(response);
			}
		}
		assertLoggedSafely(logged);
	}

	/** Only a client that names HTML in its Accept may get the application's error page. */
	private static boolean asksForHtml(List<String[]> headers) {
		return headers.stream()
			.anyMatch((header) -> header[0].equalsIgnoreCase("Accept")
					&& (header[1].toLowerCase(java.util.Locale.ROOT).contains("text/html")
							|| header[1].toLowerCase(java.util.Locale.ROOT).contains("application/xhtml+xml")));
	}

	private static void assertPage(RawHttp.Response response) {
		assertThat(response.body()).as("page of %s", response)
			.contains("status=" + response.status())
			.doesNotContain("Exception", "\tat ", "java.", "tomcat", MARKER);
	}

	private static int logged() {
		synchronized (LOG) {
			return LOG.list.size();
		}
	}

	private static void assertLoggedSafely(int from) {
		List<ILoggingEvent> events;
		synchronized (LOG) {
			events = new ArrayList<>(LOG.list.subList(from, LOG.list.size()));
		}
		for (ILoggingEvent event : events) {
			assertThat(event.getLevel().isGreaterOrEqual(Level.ERROR)).as("level of %s", event).isFalse();
			assertThat(event.getThrowableProxy()).as("stack trace of %s", event).isNull();
			assertThat(event.getFormattedMessage()).as("logged").doesNotContain(MARKER)
				.doesNotContainPattern("[\\p{Cntrl}\\u2028\\u2029]");
		}
	}

	/**
	 * Spring answers a failed {@code If-Unmodified-Since} or {@code If-Match} on a {@code GET}
	 * with a bare 412, flushed before any filter or valve could replace it: left to the
	 * conditional requests of the etag package, and still never a 5xx.
	 */
	private static boolean conditionalRefusal(String method, RawHttp.Response response) {
		return response.status() == 412 && method.equals("GET") && response.body().isEmpty();
	}

	/**
	 * A request for {@code *} (asterisk-form, as in {@code OPTIONS *}) reaches no application, so
	 * Tomcat answers a broken one with a bare 400 (or 501) that no valve or filter sees.
	 */
	private static boolean asteriskFormRefusal(String target, RawHttp.Response response) {
		return target.equals("*") && response.status() >= 400 && response.body().isEmpty();
	}

	private static void assertProblem(RawHttp.Response response) {
		assertThat(response.header("Content-Type")).as("content type of %s", response)
			.isEqualTo("application/problem+json");
		JsonNode problem = json(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(response.status());
		assertThat(problem.path("code").asString()).matches("[A-Z][A-Z0-9_]*");
		assertThat(problem.path("detail").asString()).isNotEmpty();
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "java.", "tomcat", MARKER);
	}

	private static Logger rootLogger() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	// ---- generators ----

	record BodyTarget(String method, String path, String body) {
	}

	record Multipart(String contentType, String body) {
	}

	/** Printable ASCII, obs-text and tab: what a header value can carry without ending the line. */
	private static Arbitrary<String> headerText(int maxLength) {
		return Arbitraries.strings()
			.withCharRange(' ', '~')
			.withCharRange('\u0080', '\u00ff')
			.withChars('\t')
			.ofMaxLength(maxLength);
	}

	@Provide
	Arbitrary<String> tokens() {
		return Arbitraries.oneOf(headerText(12), Arbitraries.of("1", "-1", "0", "99999999999999999999", "1,2", "",
				" 1", "0x10", "1e3", MARKER));
	}

	@Provide
	Arbitrary<String> mediaTypes() {
		Arbitrary<String> type = Arbitraries.of("application", "text", "multipart", "*", "", "APPLICATION", "x-" + MARKER,
				"application/json", "a/b");
		Arbitrary<String> subtype = Arbitraries.of("json", "*", "form-data", "x-www-form-urlencoded", "plain", "*+json",
				"vnd.api+json", "", "JSON", "json/x", MARKER);
		Arbitrary<String> parameter = Arbitraries.of("charset=utf-8", "charset=foo", "charset=\"utf-8\"", "charset=",
				"charset=UTF-32", "charset=utf-16", "charset=" + MARKER, "charset=\"", "charset=x-unknown-9",
				"boundary=" + MARKER, "boundary=", "boundary=\"quoted\"", "q=5", "q=-1", "=x", "", "a", MARKER + "=1",
				"charset=utf-8;charset=latin1", "boundary=a;boundary=b", " ; ", "\"", "a=\"unterminated");
		Arbitrary<String> parameters = parameter.list().ofMaxSize(4).map((list) -> {
			StringBuilder joined = new StringBuilder();
			list.forEach((p) -> joined.append("; ").append(p));
			return joined.toString();
		});
		Arbitrary<String> structured = Combinators.combine(type, Arbitraries.of("/", "", "//", " / "), subtype, parameters)
			.as((t, slash, s, p) -> t + slash + s + p);
		Arbitrary<String> huge = Arbitraries.integers().between(1000, 6000)
			.map((n) -> "application/json; x=" + "a".repeat(n));
		return Arbitraries.frequencyOf(Tuple.of(7, structured), Tuple.of(2, headerText(40)),
				Tuple.of(1, huge));
	}

	@Provide
	Arbitrary<BodyTarget> bodyTargets() {
		String json = "{\"name\":\"a\",\"size\":1}";
		String multipart = "--" + MARKER + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nx\r\n--"
				+ MARKER + "--\r\n";
		return Arbitraries.of(new BodyTarget("POST", "/api/widgets", json),
				new BodyTarget("POST", "/api/widgets", "\u00ff\u00fe{\"name\":\"\u00e9\"}"),
				new BodyTarget("POST", "/api/forms", "name=a&count=2"), new BodyTarget("PUT", "/api/forms", "name=a"),
				new BodyTarget("POST", "/api/uploads", multipart), new BodyTarget("POST", "/api/attachments", multipart),
				new BodyTarget("POST", "/api/text", "hello \u00e9"), new BodyTarget("PATCH", "/api/widgets", json),
				new BodyTarget("POST", "/api/widgets", ""));
	}

	@Provide
	Arbitrary<String> acceptValues() {
		Arbitrary<String> range = Arbitraries.of("*/*", "application/*", "*", "application/json", "text/plain",
				"application/problem+json", "text/html", "*/json", "a/b/c", "", "\"", MARKER, "utf-8", "gzip", "en-US",
				"de-DE-u-co-phonebk", "x-" + MARKER + "-y");
		Arbitrary<String> quality = Arbitraries.of("", ";q=0", ";q=0.5", ";q=1", ";q=5", ";q=-1", ";q=abc", ";q=",
				";q=0.0001", ";level=1", ";charset=foo", ";" + MARKER);
		Arbitrary<String> element = Combinators.combine(range, quality).as((r, q) -> r + q);
		Arbitrary<String> list = element.list().ofMinSize(1).ofMaxSize(14).map((l) -> String.join(", ", l));
		return Arbitraries.oneOf(list, list, headerText(30), Arbitraries.integers().between(500, 5000)
			.map((n) -> "application/json;q=0.5, " + "text/x, ".repeat(n / 8)));
	}

	@Provide
	Arbitrary<String> negotiationHeaders() {
		return Arbitraries.of("Accept", "Accept", "Accept-Charset", "Accept-Language", "Accept-Encoding");
	}

	@Provide
	Arbitrary<String> readTargets() {
		return Arbitraries.of("GET /api/widgets/1", "GET /sample.txt", "GET /api/conditional", "GET /nowhere",
				"POST /api/widgets", "GET /api/widgets/x");
	}

	@Provide
	Arbitrary<String> ranges() {
		Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.integers().between(0, 2000).map(String::valueOf),
				Arbitraries.of("", "99999999999999999999", "-1", "a", " 1"));
		Arbitrary<String> spec = Combinators.combine(number, Arbitraries.of("-", "", "--", "-" + MARKER), number)
			.as((a, dash, b) -> a + dash + b);
		Arbitrary<String> specs = spec.list().ofMinSize(0).ofMaxSize(110).map((l) -> String.join(",", l));
		return Arbitraries.oneOf(Combinators.combine(Arbitraries.of("bytes=", "bytes =", "items=", "", "BYTES=", "bytes"),
				specs).as((unit, s) -> unit + s), headerText(30));
	}

	@Provide
	Arbitrary<String> conditionalHeaders() {
		return Arbitraries.of("If-Modified-Since", "If-Unmodified-Since", "If-None-Match", "If-Match", "If-Range");
	}

	@Provide
	Arbitrary<String> conditionalTargets() {
		return Arbitraries.of("/api/widgets/1", "/api/conditional", "/sample.txt");
	}

	@Provide
	Arbitrary<String> validators() {
		return Arbitraries.oneOf(headerText(40),
				Arbitraries.of("Thu, 99 Foo 2024 99:99:99 GMT", "Tue, 14 Nov 2023 22:13:20 GMT", "0", "-1",
						"99999999999999999999", "\"c1\"", "W/\"c1\"", "*", "\"", "W/", "\"a\" \"b\"", "*, \"a\"",
						"Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "2026-01-31T13:45:00Z",
						"\"" + MARKER + "\"", MARKER));
	}

	@Provide
	Arbitrary<String> cookies() {
		Arbitrary<String> name = Arbitraries.of("session", "", "$Version", "$Path", "a b", "session ", "\"session\"", MARKER,
				"s\u00e9ssion");
		Arbitrary<String> value = Arbitraries.oneOf(headerText(20),
				Arbitraries.of("", "\"unterminated", "\"quoted\"", "a,b", "x=y", MARKER, "\u00ff"));
		Arbitrary<String> pair = Arbitraries.oneOf(Combinators.combine(name, value).as((n, v) -> n + "=" + v), name);
		Arbitrary<String> few = pair.list().ofMinSize(1).ofMaxSize(6)
			.flatMap((l) -> Arbitraries.of("; ", ";", ", ", ";;").map((separator) -> String.join(separator, l)));
		Arbitrary<String> many = Arbitraries.integers().between(150, 260).map((n) -> {
			StringBuilder cookies = new StringBuilder("session=1");
			for (int i = 0; i < n; i++) {
				cookies.append("; c").append(i).append("=1");
			}
			return cookies.toString();
		});
		return Arbitraries.frequencyOf(Tuple.of(9, few), Tuple.of(1, many));
	}

	@Provide
	Arbitrary<String> formBodies() {
		Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMaxLength(6),
				Arbitraries.of("%zz", "%", "a%", "%f", "%ff%fe", "%C3%28", "%e2%82", "%00", "%0D%0A" + MARKER, "+", "%2B",
						"name", "count", "\u00e9", MARKER));
		Arbitrary<String> pair = Arbitraries.oneOf(Combinators.combine(text, text).as((n, v) -> n + "=" + v), text);
		return Arbitraries.oneOf(pair.list().ofMaxSize(8).map((l) -> String.join("&", l)),
				Arbitraries.integers().between(15, 60).map((n) -> "name=a" + "&p=1".repeat(n)));
	}

	@Provide
	Arbitrary<String> formContentTypes() {
		return Arbitraries.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
				"application/x-www-form-urlencoded; charset=foo", "application/x-www-form-urlencoded; charset=utf-16",
				"application/x-www-form-urlencoded; charset=\"\"", "application/x-www-form-urlencoded; charset=" + MARKER,
				"application/*", "*/*", "APPLICATION/X-WWW-FORM-URLENCODED", "text/plain");
	}

	@Provide
	Arbitrary<String> formTargets() {
		return Arbitraries.of("POST /api/forms", "PUT /api/forms", "PATCH /api/forms", "DELETE /api/forms",
				"GET /api/dates", "POST /api/uploads");
	}

	@Provide
	Arbitrary<String> multipartTargets() {
		return Arbitraries.of("/api/uploads", "/api/attachments", "/api/widgets", "/api/forms");
	}

	@Provide
	Arbitrary<Multipart> multipart() {
		Arbitrary<String> boundary = Arbitraries.of("b0undary", "", "x".repeat(80), "b0undary\"", MARKER, "a b");
		Arbitrary<String> partName = Arbitraries.of("file", "meta", "note", "", MARKER);
		Arbitrary<String> partHeaders = Arbitraries.of("", "Content-Type: text/plain\r\n",
				"Content-Type: application/json\r\n", "Content-Type: */*\r\n", "Content-Type: application/json; charset=foo\r\n",
				"Content-Type: " + MARKER + "\r\n", "X-Long: " + "h".repeat(9000) + "\r\n",
				"Content-Transfer-Encoding: base64\r\n");
		Arbitrary<String> disposition = Combinators.combine(partName, Arbitraries.of("", "; filename=\"a.txt\"",
				"; filename=\"" + MARKER + "\r\n", "; filename=", "; filename*=UTF-8''%zz"))
			.as((name, file) -> "Content-Disposition: form-data; name=\"" + name + "\"" + file + "\r\n");
		Arbitrary<String> content = Arbitraries.of("hello", "{\"name\":\"a\",\"size\":1}", "{", "", "\u00ff\u00fe",
				"x".repeat(70_000));
		Arbitrary<String> part = Combinators.combine(Arbitraries.oneOf(disposition, Arbitraries.just("")), partHeaders,
				content).as((d, h, c) -> d + h + "\r\n" + c);
		return Combinators.combine(boundary, Arbitraries.of("b0undary", "other", "", "b0undary; charset=foo"),
				part.list().ofMaxSize(4), Arbitraries.of("--\r\n", "--", "", "\r\n"), Arbitraries.integers().between(0, 100))
			.as((declared, used, parts, end, cut) -> {
				String contentType = declared.isEmpty() ? "multipart/form-data"
						: "multipart/form-data; boundary=" + declared;
				StringBuilder body = new StringBuilder();
				for (String p : parts) {
					body.append("--").append(used).append("\r\n").append(p).append("\r\n");
				}
				body.append("--").append(used).append(end);
				// one body in four is cut short at a random point
				int length = (cut < 25) ? body.length() * cut / 25 : body.length();
				return new Multipart(contentType, body.substring(0, length));
			});
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.oneOf(Arbitraries.of("GET", "POST", "PUT", "HEAD", "OPTIONS", "TRACE", "CONNECT", "PATCH",
				"get", "FOOBAR", "G\tET", "", "GET\u00ff"), Arbitraries.strings().withCharRange('!', '~')
			.ofMinLength(1)
			.ofMaxLength(12));
	}

	@Provide
	Arbitrary<String> requestTargets() {
		return Arbitraries.of("/api/widgets/1", "/api/widgets", "/sample.txt", "*", "http://localhost/api/widgets/1",
				"http://other:1/api/widgets/1", "/api/%zz", "/api/widgets/1?%", "/api/dates?from=%zz", "//", "/..;/api",
				"/api/\u00ff", "", "/a b", "/api/widgets/1#frag", "/%2e%2e/%2e%2e/etc", "/api/widgets/%00",
				"/api/forms?" + "p=1&".repeat(30), "/api/widgets/1?" + MARKER + "=%" + MARKER);
	}

	@Provide
	Arbitrary<String> versions() {
		return Arbitraries.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.1x", "", "HTTP/9", "http/1.1",
				"HTTP/1.1 extra");
	}

	@Provide
	Arbitrary<List<String>> framingHeaders() {
		return Arbitraries.of("Content-Length: 5", "Content-Length: -1", "Content-Length: abc", "Content-Length: 5, 6",
				"Content-Length: 99999999999999999999", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip",
				"Transfer-Encoding: chunked, chunked", "Transfer-Encoding: identity", " folded: value", "NoColon",
				"Bad Name: x", ": empty", "Host: other", "Expect: 100-continue", "Expect: " + MARKER, "Upgrade: h2c",
				"Content-Type: application/json", "Content-Type: application/x-www-form-urlencoded",
				"Content-Type: multipart/form-data", "Content-Type: */*", "Accept: " + MARKER + "/;q=x",
				"Content-Encoding: gzip", "X-Count: " + MARKER, "Cookie: session=\"" + MARKER, "Range: bytes=" + MARKER)
			.list()
			.ofMaxSize(4);
	}

	@Provide
	Arbitrary<String> framedBodies() {
		return Arbitraries.of("", "hello", "{\"name\":\"a\",\"size\":1}", "name=%zz&p=1", "5\r\nhello\r\n0\r\n\r\n",
				"zz\r\nhello\r\n0\r\n\r\n", "5;ext=" + MARKER + "\r\nhello\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFF\r\n",
				"5\r\nhel", "0\r\n" + MARKER + ": x\r\n\r\n");
	}

}
