package dev.hardening.autoconfigure.idempotency;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.hardening.autoconfigure.DataRedisAutoConfigurations;
import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static dev.hardening.autoconfigure.idempotency.IdempotencyAttackApplication.*;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on idempotency keys, on a real Tomcat: ways to run a handler twice under one key, to be
 * answered with another client's response, and to make the guard answer {@code 500} or leak what
 * was sent. Each test is one attempt; it asserts what the guard must do. The replay's own attacks
 * are {@link IdempotencyReplayAttackTests}.
 */
class IdempotencyAttackTests {

	@BeforeAll
	static void start() {
		IdempotencyAttackApplication.start();
	}

	@BeforeEach
	void reset() {
		IdempotencyAttackApplication.reset();
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

}
