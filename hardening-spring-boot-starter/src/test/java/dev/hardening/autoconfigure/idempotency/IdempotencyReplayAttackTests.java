package dev.hardening.autoconfigure.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static dev.hardening.autoconfigure.idempotency.IdempotencyAttackApplication.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on what the idempotency guard stores and replays, on a real Tomcat: handlers that read
 * the body their own way, answer asynchronously, flush, reset or overrun the limit, and replays
 * that must equal the first answer (status, charset, bytes, encoding, redirects, conditional
 * retries, headers a filter also sets). Each test is one attempt; it asserts what the guard must do.
 */
class IdempotencyReplayAttackTests {

	@BeforeAll
	static void start() {
		IdempotencyAttackApplication.start();
	}

	@BeforeEach
	void reset() {
		IdempotencyAttackApplication.reset();
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

}
