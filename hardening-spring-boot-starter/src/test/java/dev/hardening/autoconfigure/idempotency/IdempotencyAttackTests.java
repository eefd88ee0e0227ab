package dev.hardening.autoconfigure.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import dev.hardening.autoconfigure.DataRedisAutoConfigurations;
import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.idempotency.OrdersApplication.OrdersController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on idempotency keys, on a real Tomcat: ways to run a handler twice under one key, to be
 * answered with another client's response, to make the guard answer {@code 500} or leak what was
 * sent, and to get a replay that differs from the first answer. Each test is one attempt; it
 * asserts what the guard must do.
 */
class IdempotencyAttackTests {

	private static final String JSON = "application/json";

	private static ConfigurableApplicationContext context;

	private static TestHttp http;

	private static int port;

	private static OrdersController orders;

	private static AttackController attacks;

	private static int keys;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(OrdersApplication.class, AttackController.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"hardening.idempotency.policies[0].name=orders", "hardening.idempotency.policies[0].paths=/orders/**",
					"hardening.idempotency.policies[0].required=true",
					"hardening.idempotency.policies[0].methods=POST,PATCH,DELETE",
					"hardening.idempotency.policies[1].name=by-api-key",
					"hardening.idempotency.policies[1].paths=/keyed/**",
					"hardening.idempotency.policies[1].key=header:X-Api-Key",
					"hardening.idempotency.max-body-size=2KB", "hardening.idempotency.max-response-size=1KB",
					"spring.mvc.hiddenmethod.filter.enabled=true",
					"hardening.idempotency.replay-headers=Content-Type,Content-Encoding,Content-Language,Content-Location,"
							+ "Location,ETag,Last-Modified,Vary",
					"hardening.web.cors.mappings[0].allowed-origins=https://app.example.com")
			.run();
		port = OrdersApplication.port(context);
		http = new TestHttp(port);
		orders = context.getBean(OrdersController.class);
		attacks = context.getBean(AttackController.class);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void aReplayedHeaderAFilterAlsoSetIsSentWithTheStoredValuesOnly() {
		// the CORS filter adds its Vary values before the handler runs, on the first request and
		// on the retry alike; a replay that added the stored Vary values to them sent each twice
		String key = newKey();
		HttpResponse<String> first = http.post("/orders", "application/json", "{\"item\":\"vary\"}",
				"Idempotency-Key", key, "Origin", "https://app.example.com");
		HttpResponse<String> retry = http.post("/orders", "application/json", "{\"item\":\"vary\"}",
				"Idempotency-Key", key, "Origin", "https://app.example.com");

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(first.headers().allValues("Vary")).isNotEmpty();
		assertThat(retry.headers().allValues("Vary")).isEqualTo(first.headers().allValues("Vary"));
		assertThat(retry.headers().allValues("Location")).isEqualTo(first.headers().allValues("Location"));
		assertThat(retry.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://app.example.com");
	}

	@BeforeEach
	void reset() {
		orders.created.set(0);
		attacks.runs.set(0);
	}

	private static String newKey() {
		return "\"attack-" + (++keys) + "-" + System.nanoTime() + "\"";
	}

	// --- running a handler twice under one key ---

	@Test
	void theHeaderNameInAnotherCaseIsTheSameKey() {
		String key = newKey();
		http.post("/orders/attack/echo", "text/plain", "one", "Idempotency-Key", key);
		String retry = raw("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
				+ "idempotency-KEY: " + key + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\none");

		assertThat(retry).startsWith("HTTP/1.1 200").containsIgnoringCase("Idempotent-Replayed: true");
		assertThat(attacks.runs).hasValue(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { " %s", "%s ", "\t%s", "%s\t", " \t %s \t " })
	void whitespaceAroundTheKeyIsTheSameKeyNotANewOne(String spelling) {
		String key = newKey();
		http.post("/orders/attack/echo", "text/plain", "one", "Idempotency-Key", key);
		String retry = raw("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
				+ "Idempotency-Key:" + spelling.formatted(key) + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\none");

		assertThat(retry).startsWith("HTTP/1.1 200").containsIgnoringCase("Idempotent-Replayed: true");
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aTabInsideTheQuotesIsRefusedNotTakenForAnotherKey() {
		String retry = raw("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
				+ "Idempotency-Key: \"a\tb\"\r\nContent-Length: 3\r\nConnection: close\r\n\r\none");

		assertThat(retry).startsWith("HTTP/1.1 400").contains("IDEMPOTENCY_KEY_INVALID");
		assertThat(attacks.runs).hasValue(0);
	}

	/**
	 * Each spelling of the guarded path, sent twice with one key and once without: it is routed to
	 * the handler and guarded, or not routed at all; never run unguarded, never run twice.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/orders", "/orders;x=1", "/orders;jsessionid=1", "/%6Frders", "/%6frders", "//orders",
			"/./orders", "/x/../orders", "/orders/", "/Orders", "/orders%2F", "/orders%00", "/ORDERS",
			"/orders/%2e%2e/orders", "/orders/.;/../orders" })
	void noSpellingOfAGuardedPathRunsItsHandlerTwiceOrWithoutAKey(String path) {
		String key = newKey();
		String body = "{\"item\":\"book\"}";
		String withKey = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Idempotency-Key: " + key + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
				+ body;
		String withoutKey = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;

		String first = raw(withKey);
		String retry = raw(withKey);
		String keyless = raw(withoutKey);

		assertThat(orders.created.get()).as("%s: %s / %s / %s", path, first, retry, keyless).isLessThanOrEqualTo(1);
		assertThat(first + retry + keyless).doesNotStartWith("HTTP/1.1 5").doesNotContain("HTTP/1.1 500");
		if (first.startsWith("HTTP/1.1 201")) {
			assertThat(retry).startsWith("HTTP/1.1 201").containsIgnoringCase("Idempotent-Replayed: true");
			assertThat(keyless).startsWith("HTTP/1.1 400").contains("IDEMPOTENCY_KEY_MISSING");
		}
	}

	@Test
	void theSameKeyOnAnotherSpellingOfThePathIsAMismatchNotASecondRun() {
		String key = newKey();
		String body = "{\"item\":\"book\"}";
		http.post("/orders", JSON, body, "Idempotency-Key", key);
		String semicolon = raw("POST /orders;x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Idempotency-Key: " + key + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
				+ body);

		assertThat(semicolon).startsWith("HTTP/1.1 422").contains("IDEMPOTENCY_KEY_MISMATCH");
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void aHiddenMethodFormIsGuardedAsTheMethodItBecomes() {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders/attack/hidden", "application/x-www-form-urlencoded",
				"_method=PATCH&item=book", "Idempotency-Key", key);
		HttpResponse<String> retry = http.post("/orders/attack/hidden", "application/x-www-form-urlencoded",
				"_method=PATCH&item=book", "Idempotency-Key", key);
		HttpResponse<String> keyless = http.post("/orders/attack/hidden", "application/x-www-form-urlencoded",
				"_method=PATCH&item=book");

		assertThat(first.body()).isEqualTo("patched:book");
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertProblem(keyless, 400, "IDEMPOTENCY_KEY_MISSING");
		assertThat(attacks.runs).hasValue(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "HEAD", "OPTIONS", "TRACE" })
	void aSafeMethodOnAGuardedPathNeitherRunsTheHandlerNorFails(String method) {
		String key = newKey();
		for (int i = 0; i < 2; i++) {
			String answer = raw(method + " /orders HTTP/1.1\r\nHost: localhost\r\nIdempotency-Key: " + key
					+ "\r\nConnection: close\r\n\r\n");
			assertThat(answer).doesNotStartWith("HTTP/1.1 5").doesNotStartWith("HTTP/1.1 2" + "01");
		}
		assertThat(orders.created).hasValue(0);
	}

	@Test
	void aChunkedRetryOfAContentLengthRequestIsTheSameRequest() {
		String key = newKey();
		raw("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nIdempotency-Key: "
				+ key + "\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world");
		String chunked = raw("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
				+ "Idempotency-Key: " + key + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
				+ "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");

		assertThat(chunked).startsWith("HTTP/1.1 200").containsIgnoringCase("Idempotent-Replayed: true")
			.endsWith("echo:hello world");
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aGzippedBodyIsFingerprintedAsItsBytesAndReachesTheHandlerUntouched() {
		String key = newKey();
		byte[] gzip = gzip("{\"item\":\"book\"}");
		byte[] first = rawBytes(gzipped(key, gzip));
		byte[] retry = rawBytes(gzipped(key, gzip));
		byte[] other = rawBytes(gzipped(key, gzip("{\"item\":\"pen\"}")));

		assertThat(text(first)).startsWith("HTTP/1.1 200").endsWith("bytes:" + gzip.length);
		assertThat(text(retry)).containsIgnoringCase("Idempotent-Replayed: true").endsWith("bytes:" + gzip.length);
		assertThat(text(other)).startsWith("HTTP/1.1 422");
		assertThat(attacks.runs).hasValue(1);
	}

	// --- another client's response ---

	@Test
	void aClientAtAnotherAddressIsNeverAnsweredWithTheFirstClientsResponse() {
		String key = newKey();
		String request = "POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
				+ "Idempotency-Key: " + key + "\r\nContent-Length: 6\r\nConnection: close\r\n\r\nsecret";
		String mine = raw(request);
		String theirs = raw(request, "127.0.0.2");

		assertThat(mine).startsWith("HTTP/1.1 200");
		assertThat(theirs).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("Idempotent-Replayed");
		assertThat(attacks.runs).hasValue(2);
	}

	@Test
	void aForgedForwardedForHeaderDoesNotChangeWhoseKeyItIs() {
		String key = newKey();
		http.post("/orders/attack/echo", "text/plain", "one", "Idempotency-Key", key);
		HttpResponse<String> forged = http.post("/orders/attack/echo", "text/plain", "one", "Idempotency-Key", key,
				"X-Forwarded-For", "203.0.113.9", "Forwarded", "for=203.0.113.9", "X-Real-IP", "203.0.113.9");

		// with no trusted proxy the header is ignored: the same client, so a replay, not a second run
		assertThat(forged.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void anotherClientsApiKeyScopeCannotBeReachedFromTheAddressScope() {
		String key = newKey();
		// a client without the API key header is scoped by its address; one with it by the key's hash
		http.post("/keyed/echo", "text/plain", "mine", "Idempotency-Key", key, "X-Api-Key", "alice");
		HttpResponse<String> anonymous = http.post("/keyed/echo", "text/plain", "mine", "Idempotency-Key", key);
		HttpResponse<String> blank = http.post("/keyed/echo", "text/plain", "mine", "Idempotency-Key", key,
				"X-Api-Key", " ");
		HttpResponse<String> lookalike = http.post("/keyed/echo", "text/plain", "mine", "Idempotency-Key", key,
				"X-Api-Key", "Alice");

		assertThat(anonymous.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(blank.headers().firstValue("Idempotent-Replayed")).as("blank is the address scope again")
			.hasValue("true");
		assertThat(lookalike.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(attacks.runs).hasValue(3);
	}

	@Test
	void aUsersKeyNeverAnswersAnotherUserNorAnAnonymousCaller() {
		try (ConfigurableApplicationContext secured = new SpringApplicationBuilder(OrdersApplication.class,
				AttackController.class, SecuredOrders.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "hardening.idempotency.policies[0].name=by-user",
					"hardening.idempotency.policies[0].paths=/orders/**",
					"hardening.idempotency.policies[0].key=principal")
			// an argument, to win over the test resources' application.properties, which switch security off
			.run("--spring.autoconfigure.exclude=" + DataRedisAutoConfigurations.NAMES)) {
			TestHttp users = new TestHttp(OrdersApplication.port(secured));
			AttackController handler = secured.getBean(AttackController.class);
			String key = newKey();
			String alice = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:pw".getBytes());
			String bob = "Basic " + java.util.Base64.getEncoder().encodeToString("bob:pw".getBytes());

			HttpResponse<String> first = users.post("/orders/attack/echo", "text/plain", "mine", "Idempotency-Key", key,
					"Authorization", alice);
			HttpResponse<String> asBob = users.post("/orders/attack/echo", "text/plain", "mine", "Idempotency-Key", key,
					"Authorization", bob);
			HttpResponse<String> anonymous = users.post("/orders/attack/echo", "text/plain", "mine", "Idempotency-Key",
					key);
			HttpResponse<String> again = users.post("/orders/attack/echo", "text/plain", "mine", "Idempotency-Key", key,
					"Authorization", alice);

			assertThat(first.statusCode()).isEqualTo(200);
			assertThat(asBob.headers().firstValue("Idempotent-Replayed")).isEmpty();
			assertThat(anonymous.headers().firstValue("Idempotent-Replayed")).isEmpty();
			assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
			assertThat(handler.runs).hasValue(3);
		}
	}

	// --- 500s and leaks ---

	@ParameterizedTest
	@ValueSource(ints = { 300, 4000, 7000 })
	void aHugeKeyIsRefusedWithoutEchoingIt(int length) {
		String answer = raw("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
				+ "Idempotency-Key: \"" + "Z".repeat(length) + "\"\r\nContent-Length: 3\r\nConnection: close\r\n\r\none");

		assertThat(answer).startsWith("HTTP/1.1 400").contains("IDEMPOTENCY_KEY_INVALID").doesNotContain("ZZZZ");
		assertThat(attacks.runs).hasValue(0);
	}

	@Test
	void aKeyLargerThanTheHeaderLimitIsRefusedByTheContainerNotWithA500() {
		String answer = raw("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
				+ "Idempotency-Key: \"" + "Z".repeat(20_000) + "\"\r\nContent-Length: 3\r\nConnection: close\r\n\r\none");

		assertThat(answer).matches("(?s)HTTP/1.1 4\\d\\d .*").doesNotContain("ZZZZ");
		assertThat(attacks.runs).hasValue(0);
	}

	@Test
	void anInvalidMultipartBodyIsA400NotA500() {
		String answer = raw("POST /orders/upload HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: multipart/form-data; boundary=b0undary\r\nIdempotency-Key: " + newKey()
				+ "\r\nContent-Length: 27\r\nConnection: close\r\n\r\n--b0undary\r\nnot a part at all");

		assertThat(answer).startsWith("HTTP/1.1 400").doesNotContain("Exception", "\tat ");
		assertThat(orders.created).hasValue(0);
	}

	@Test
	void aMultipartBodyWithoutABoundaryIsA400NotA500() {
		String answer = raw("POST /orders/upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data\r\n"
				+ "Idempotency-Key: " + newKey() + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");

		assertThat(answer).startsWith("HTTP/1.1 4").doesNotContain("Exception", "\tat ");
		assertThat(orders.created).hasValue(0);
	}

	/** Spring Boot forces requests to UTF-8, so an unknown charset is ignored, as it is without a key. */
	/**
	 * Spring's multipart resolver takes every multipart/ type, so the container parses (and
	 * consumes) a multipart/mixed body, with or without a key: the guard changes nothing the
	 * handler sees, and a retry with other bytes is never a second run.
	 */
	@Test
	void aMultipartBodyThatIsNotFormDataReachesTheHandlerAsItWouldWithoutAKey() {
		String key = newKey();
		String first = raw(mixed("/orders/attack/stream", key, "hello"));
		String unguarded = raw(mixed("/plain/stream", null, "hello"));
		String other = raw(mixed("/orders/attack/stream", key, "world"));

		assertThat(first).startsWith("HTTP/1.1 200");
		assertThat(first.substring(first.indexOf("\r\n\r\n"))).isEqualTo(unguarded.substring(unguarded.indexOf("\r\n\r\n")));
		assertThat(other).doesNotStartWith("HTTP/1.1 5");
		assertThat(attacks.runs).hasValue(2);
	}

	private static String mixed(String path, String key, String body) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/mixed; boundary=b0\r\n"
				+ ((key != null) ? "Idempotency-Key: " + key + "\r\n" : "") + "Content-Length: " + body.length()
				+ "\r\nConnection: close\r\n\r\n" + body;
	}

	@ParameterizedTest
	@ValueSource(strings = { "/orders/attack/reader", "/orders/attack/echo", "/orders/form" })
	void anUnknownCharsetIsNeitherA500NorEchoed(String path) {
		String body = "item=caf\u00e9";
		String answer = raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: " + (path.endsWith("form") ? "application/x-www-form-urlencoded" : "text/plain")
				+ "; charset=no-such-charset\r\nIdempotency-Key: " + newKey() + "\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\nConnection: close\r\n\r\n" + body);

		assertThat(answer).doesNotStartWith("HTTP/1.1 5").doesNotContain("Exception", "\tat ", "no-such-charset");
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedWith413BeforeTheHandlerRuns() {
		String chunk = "x".repeat(1000);
		StringBuilder request = new StringBuilder("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: text/plain\r\nIdempotency-Key: " + newKey()
				+ "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
		for (int i = 0; i < 3; i++) {
			request.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		String answer = raw(request.append("0\r\n\r\n").toString());

		assertThat(answer).startsWith("HTTP/1.1 413").contains("PAYLOAD_TOO_LARGE");
		assertThat(attacks.runs).hasValue(0);
	}

	@Test
	void aClientThatHangsUpMidBodyLeavesTheKeyFreeForItsRetry() throws IOException {
		String key = newKey();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
					+ "Idempotency-Key: " + key + "\r\nContent-Length: 100\r\n\r\nonly part").getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
		// the retry waits out the first request's handling (409 while it still holds the key, if it ever does)
		await().until(() -> http.post("/orders/attack/echo", "text/plain", "whole", "Idempotency-Key", key)
			.statusCode() != 409);
		HttpResponse<String> again = http.post("/orders/attack/echo", "text/plain", "whole", "Idempotency-Key", key);

		assertThat(again.body()).isEqualTo("echo:whole");
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aClientThatHangsUpBeforeTheAnswerGetsItOnItsRetry() throws IOException {
		String key = newKey();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoLinger(true, 0);
			OutputStream out = socket.getOutputStream();
			out.write(("POST /orders/attack/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
					+ "Idempotency-Key: " + key + "\r\nContent-Length: 4\r\n\r\ngone").getBytes(StandardCharsets.US_ASCII));
			out.flush();
		}
		await().until(() -> http.post("/orders/attack/echo", "text/plain", "gone", "Idempotency-Key", key)
			.statusCode() != 409);
		HttpResponse<String> retry = http.post("/orders/attack/echo", "text/plain", "gone", "Idempotency-Key", key);

		assertThat(retry.body()).isEqualTo("echo:gone");
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(attacks.runs).hasValue(1);
	}

	// --- what the handler reads ---

	@ParameterizedTest
	@ValueSource(strings = { "text/plain;charset=UTF-8", "text/plain;charset=ISO-8859-1", "text/plain" })
	void aHandlerThatReadsTheReaderDecodesTheBodyAsItWouldWithoutAKey(String type) {
		HttpResponse<String> guarded = http.post("/orders/attack/reader", type, "caf\u00e9 \u20ac", "Idempotency-Key",
				newKey());
		HttpResponse<String> unguarded = http.post("/plain/reader", type, "caf\u00e9 \u20ac");

		assertThat(guarded.statusCode()).isEqualTo(200);
		assertThat(guarded.body()).isEqualTo(unguarded.body());
	}

	@Test
	void aHandlerThatReadsTheStreamGetsEveryByte() {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders/attack/stream", "application/octet-stream", "0123456789",
				"Idempotency-Key", key);

		assertThat(first.body()).isEqualTo("stream:10:0123456789");
	}

	/** Tomcat parses forms of POSTs only; Spring's FormContentFilter parses the others' bodies. */
	@ParameterizedTest
	@ValueSource(strings = { "PATCH", "DELETE" })
	void aFormSentWithAnotherMethodThanPostIsFingerprintedFromItsBody(String method) {
		String key = newKey();
		HttpResponse<String> first = http.send(method, "/orders/attack/form", "item=book", "Content-Type",
				"application/x-www-form-urlencoded", "Idempotency-Key", key);
		HttpResponse<String> other = http.send(method, "/orders/attack/form", "item=pen", "Content-Type",
				"application/x-www-form-urlencoded", "Idempotency-Key", key);

		assertThat(first.body()).isEqualTo("form:book");
		// another body under the same key: 422, never the answer to the first body
		assertProblem(other, 422, "IDEMPOTENCY_KEY_MISMATCH");
		assertThat(attacks.runs).hasValue(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/x-www-form-urlencodedX", "Application/X-WWW-Form-Urlencoded",
			"application/x-www-form-urlencoded-not" })
	void aBodyThatOnlyLooksLikeAFormIsFingerprintedFromItsBytes(String type) {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders/attack/stream", type, "item=book", "Idempotency-Key", key);
		HttpResponse<String> other = http.post("/orders/attack/stream", type, "item=pen", "Idempotency-Key", key);

		// the handler reads whatever the container left of the body, so the fingerprint must have read it too
		assertThat(first.statusCode()).isEqualTo(200);
		assertProblem(other, 422, "IDEMPOTENCY_KEY_MISMATCH");
		assertThat(attacks.runs).hasValue(1);
	}

	// --- asynchronous handlers ---

	@ParameterizedTest
	@ValueSource(strings = { "deferred", "callable", "emitter", "sse", "streaming" })
	void anAsynchronousAnswerIsSentWholeStoredAndReplayedByteForByte(String kind) {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders/attack/" + kind, JSON, "{}", "Idempotency-Key", key);
		await().until(() -> http.post("/orders/attack/" + kind, JSON, "{}", "Idempotency-Key", key).statusCode() != 409);
		HttpResponse<String> retry = http.post("/orders/attack/" + kind, JSON, "{}", "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.body()).contains("run 1");
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
		assertThat(attacks.runs).hasValue(1);
	}

	// --- the response writer ---

	@Test
	void aHandlerThatFlushesHalfWayIsStillStoredWhole() {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders/attack/flush", JSON, "{}", "Idempotency-Key", key);
		HttpResponse<String> retry = http.post("/orders/attack/flush", JSON, "{}", "Idempotency-Key", key);

		assertThat(first.body()).isEqualTo("before flush|after flush 1");
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aHandlerThatSetsItsOwnContentLengthIsReplayedWithTheRightLength() {
		String key = newKey();
		String first = raw(post("/orders/attack/length", key));
		String retry = raw(post("/orders/attack/length", key));

		assertThat(first).containsIgnoringCase("Content-Length: 7").endsWith("\r\n\r\nlength!");
		assertThat(retry).containsIgnoringCase("Content-Length: 7").containsIgnoringCase("Idempotent-Replayed: true")
			.endsWith("\r\n\r\nlength!");
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aHandlerThatResetsAfterWritingIsStoredWithWhatItWroteAfterTheReset() {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders/attack/reset", JSON, "{}", "Idempotency-Key", key);
		HttpResponse<String> retry = http.post("/orders/attack/reset", JSON, "{}", "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(first.body()).isEqualTo("clean");
		assertThat(first.headers().firstValue("X-Dropped")).isEmpty();
		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat(retry.body()).isEqualTo("clean");
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aHandlerThatWritesPastTheLimitAndFlushesIsSentWholeAndRunsAgainOnRetry() {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders/attack/big", JSON, "{}", "Idempotency-Key", key);
		HttpResponse<String> retry = http.post("/orders/attack/big", JSON, "{}", "Idempotency-Key", key);

		assertThat(first.body()).hasSize(3000).matches("a{500}b{2500}");
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(attacks.runs).hasValue(2);
	}

	/**
	 * An answer over the limit with its length known: the client has all of it as soon as it is
	 * flushed. Its retry, sent the moment the answer is read, must find the key released (the
	 * answer was not stored), never still held.
	 */
	@Test
	void aRetrySentTheMomentAnAnswerOverTheLimitArrivesRunsAgainInsteadOfA409() throws IOException {
		for (int round = 0; round < 30; round++) {
			String key = newKey();
			String request = "POST /orders/attack/sized HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Idempotency-Key: " + key + "\r\nContent-Length: 2\r\n\r\n{}";
			try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port)) {
				first.setSoTimeout(30_000);
				first.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
				// read the answer by its length, leaving the connection open, and retry on another one at once
				assertThat(readByLength(first.getInputStream())).hasSize(3000);
				String retry = raw(request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));

				assertThat(retry).as("round %d", round).startsWith("HTTP/1.1 200").doesNotContain("Idempotent-Replayed");
			}
		}
		assertThat(attacks.runs).hasValue(60);
	}

	private static String readByLength(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("The connection closed inside the head");
			}
			head.write(b);
		}
		String headers = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
		int start = headers.indexOf("content-length: ") + 16;
		int length = Integer.parseInt(headers.substring(start, headers.indexOf("\r\n", start)));
		return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
	}

	// --- the replay ---

	@Test
	void theReplayKeepsTheStatusTheCharsetAndTheBytes() {
		String key = newKey();
		byte[] first = rawBytes(post("/orders/attack/latin", key).getBytes(StandardCharsets.US_ASCII));
		byte[] retry = rawBytes(post("/orders/attack/latin", key).getBytes(StandardCharsets.US_ASCII));

		assertThat(text(first)).startsWith("HTTP/1.1 207").containsIgnoringCase("Content-Type: text/plain;charset=ISO-8859-1");
		assertThat(text(retry)).startsWith("HTTP/1.1 207").containsIgnoringCase("Content-Type: text/plain;charset=ISO-8859-1");
		assertThat(bodyOf(retry)).isEqualTo(bodyOf(first)).isEqualTo("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aCompressedAnswerIsReplayedWithItsContentEncoding() {
		String key = newKey();
		byte[] first = rawBytes(post("/orders/attack/compressed", key).getBytes(StandardCharsets.US_ASCII));
		byte[] retry = rawBytes(post("/orders/attack/compressed", key).getBytes(StandardCharsets.US_ASCII));

		assertThat(text(first)).containsIgnoringCase("Content-Encoding: gzip");
		assertThat(text(retry)).containsIgnoringCase("Idempotent-Replayed: true").containsIgnoringCase("Content-Encoding: gzip");
		assertThat(bodyOf(retry)).isEqualTo(bodyOf(first));
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aRedirectAfterPostIsReplayedAsTheRedirect() {
		String key = newKey();
		String first = raw(post("/orders/attack/redirect", key));
		String retry = raw(post("/orders/attack/redirect", key));

		assertThat(first).startsWith("HTTP/1.1 302").containsIgnoringCase("/orders/attack/1\r\n");
		assertThat(retry).startsWith("HTTP/1.1 302").containsIgnoringCase("/orders/attack/1\r\n")
			.containsIgnoringCase("Idempotent-Replayed: true").doesNotContain("written before");
		assertThat(attacks.runs).hasValue(1);
	}

	@Test
	void aConditionalRetryIsStillTheReplayNotA304() {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key);
		String etag = first.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> retry = http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key,
				"If-None-Match", etag);

		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(orders.created).hasValue(1);
	}

	// --- helpers ---

	private static String post(String path, String key) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nIdempotency-Key: " + key
				+ "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
	}

	private static byte[] gzipped(String key, byte[] body) {
		byte[] head = ("POST /orders/attack/bytes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Encoding: gzip\r\nIdempotency-Key: " + key + "\r\nContent-Length: " + body.length
				+ "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

	static byte[] gzip(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static String raw(String request) {
		return text(rawBytes(request.getBytes(StandardCharsets.ISO_8859_1)));
	}

	private static String raw(String request, String from) {
		return text(rawBytes(request.getBytes(StandardCharsets.ISO_8859_1), from));
	}

	private static byte[] rawBytes(byte[] request) {
		return rawBytes(request, null);
	}

	/** Sends bytes as they are, from a given local address when there is one, and reads until the server closes. */
	private static byte[] rawBytes(byte[] request, String from) {
		try (Socket socket = new Socket()) {
			if (from != null) {
				socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
			}
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String text(byte[] response) {
		return new String(response, StandardCharsets.ISO_8859_1);
	}

	private static byte[] bodyOf(byte[] response) {
		String text = text(response);
		int start = text.indexOf("\r\n\r\n") + 4;
		return java.util.Arrays.copyOfRange(response, start, response.length);
	}

	/** HTTP Basic users, and anonymous callers allowed too, as a public API with optional login has it. */
	@Configuration(proxyBeanMethods = false)
	static class SecuredOrders {

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable());
			return http.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}pw").roles("USER").build(),
					User.withUsername("bob").password("{noop}pw").roles("USER").build());
		}

	}

	/** Handlers that count their runs, written the ways the guard has to cope with. */
	@RestController
	static class AttackController {

		final AtomicInteger runs = new AtomicInteger();

		@PostMapping({ "/orders/attack/echo", "/keyed/echo" })
		String echo(@RequestBody(required = false) String body) {
			this.runs.incrementAndGet();
			return "echo:" + body;
		}

		@PostMapping("/orders/attack/bytes")
		String bytes(@RequestBody byte[] body) {
			this.runs.incrementAndGet();
			return "bytes:" + body.length;
		}

		@PostMapping({ "/orders/attack/reader", "/plain/reader" })
		String reader(HttpServletRequest request) throws IOException {
			this.runs.incrementAndGet();
			StringBuilder body = new StringBuilder();
			request.getReader().lines().forEach(body::append);
			return "reader:" + body;
		}

		@PostMapping({ "/orders/attack/stream", "/plain/stream" })
		String stream(HttpServletRequest request) throws IOException {
			this.runs.incrementAndGet();
			byte[] body = request.getInputStream().readAllBytes();
			return "stream:" + body.length + ":" + new String(body, StandardCharsets.US_ASCII);
		}

		@PatchMapping({ "/orders/attack/hidden", "/orders/attack/form" })
		String patched(@RequestParam("item") String item, HttpServletRequest request) {
			this.runs.incrementAndGet();
			return (request.getRequestURI().endsWith("form") ? "form:" : "patched:") + item;
		}

		@DeleteMapping("/orders/attack/form")
		String delete(@RequestParam("item") String item) {
			this.runs.incrementAndGet();
			return "form:" + item;
		}

		@PostMapping("/orders/attack/deferred")
		DeferredResult<ResponseEntity<String>> deferred() {
			int run = this.runs.incrementAndGet();
			DeferredResult<ResponseEntity<String>> result = new DeferredResult<>();
			new Thread(() -> result.setResult(ResponseEntity.status(201).body("deferred run " + run))).start();
			return result;
		}

		@PostMapping("/orders/attack/callable")
		Callable<ResponseEntity<String>> callable() {
			int run = this.runs.incrementAndGet();
			return () -> ResponseEntity.status(201).body("callable run " + run);
		}

		@PostMapping("/orders/attack/emitter")
		ResponseEntity<ResponseBodyEmitter> emitter() {
			int run = this.runs.incrementAndGet();
			ResponseBodyEmitter emitter = new ResponseBodyEmitter();
			new Thread(() -> {
				try {
					emitter.send("emitted ", MediaType.TEXT_PLAIN);
					emitter.send("run " + run, MediaType.TEXT_PLAIN);
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			}).start();
			return ResponseEntity.status(201).contentType(MediaType.TEXT_PLAIN).body(emitter);
		}

		@PostMapping("/orders/attack/sse")
		ResponseEntity<SseEmitter> sse() {
			int run = this.runs.incrementAndGet();
			SseEmitter emitter = new SseEmitter();
			new Thread(() -> {
				try {
					emitter.send(SseEmitter.event().id("1").data("run " + run));
					emitter.send(SseEmitter.event().id("2").data("done"));
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			}).start();
			return ResponseEntity.status(201).body(emitter);
		}

		@PostMapping("/orders/attack/streaming")
		ResponseEntity<StreamingResponseBody> streaming() {
			int run = this.runs.incrementAndGet();
			return ResponseEntity.status(201).contentType(MediaType.TEXT_PLAIN).body((out) -> {
				out.write("streamed ".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				out.write(("run " + run).getBytes(StandardCharsets.US_ASCII));
			});
		}

		@PostMapping("/orders/attack/flush")
		void flush(HttpServletResponse response) throws IOException {
			int run = this.runs.incrementAndGet();
			response.setContentType("text/plain;charset=UTF-8");
			response.getWriter().write("before flush|");
			response.flushBuffer();
			response.getWriter().write("after flush " + run);
		}

		@PostMapping("/orders/attack/length")
		void length(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.setContentLength(7);
			response.getOutputStream().write("length!".getBytes(StandardCharsets.US_ASCII));
		}

		@PostMapping("/orders/attack/reset")
		void reset(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setHeader("X-Dropped", "yes");
			response.setStatus(500);
			response.getOutputStream().write("dirty".getBytes(StandardCharsets.US_ASCII));
			response.reset();
			response.setStatus(202);
			response.setContentType("text/plain");
			response.getOutputStream().write("clean".getBytes(StandardCharsets.US_ASCII));
		}

		@PostMapping("/orders/attack/big")
		void big(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.getOutputStream().write("a".repeat(500).getBytes(StandardCharsets.US_ASCII));
			response.flushBuffer();
			response.getOutputStream().write("b".repeat(2500).getBytes(StandardCharsets.US_ASCII));
		}

		@PostMapping("/orders/attack/sized")
		void sized(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.setContentLength(3000);
			response.getOutputStream().write("s".repeat(3000).getBytes(StandardCharsets.US_ASCII));
			response.getOutputStream().close();
		}

		@PostMapping("/orders/attack/latin")
		ResponseEntity<String> latin() {
			this.runs.incrementAndGet();
			return ResponseEntity.status(207).contentType(new MediaType("text", "plain", StandardCharsets.ISO_8859_1))
				.body("caf\u00e9");
		}

		@PostMapping("/orders/attack/redirect")
		void redirect(HttpServletResponse response) throws IOException {
			int run = this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.getOutputStream().write("written before the redirect".getBytes(StandardCharsets.US_ASCII));
			response.sendRedirect("/orders/attack/" + run);
		}

		@PostMapping("/orders/attack/compressed")
		void compressed(HttpServletResponse response) throws IOException {
			this.runs.incrementAndGet();
			response.setContentType("text/plain");
			response.setHeader("Content-Encoding", "gzip");
			response.getOutputStream().write(gzip("compressed answer"));
		}

	}

}
