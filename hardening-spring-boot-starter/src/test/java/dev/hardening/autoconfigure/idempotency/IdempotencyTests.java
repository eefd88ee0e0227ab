package dev.hardening.autoconfigure.idempotency;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.idempotency.OrdersApplication.OrdersController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantics of idempotency keys on a real Tomcat, with the local store: a retry is answered,
 * not run again; what must be refused is refused with the draft's status and a stable code.
 */
class IdempotencyTests {

	private static final String JSON = "application/json";

	private static ConfigurableApplicationContext context;

	private static TestHttp http;

	private static OrdersController orders;

	private static int keys;

	@BeforeAll
	static void start() {
		context = OrdersApplication.start("hardening.idempotency.policies[0].exclude-paths=/orders/echo",
				"hardening.idempotency.max-body-size=2KB",
				"hardening.idempotency.max-response-size=1KB", "hardening.idempotency.policies[1].name=optional",
				"hardening.idempotency.policies[1].paths=/optional", "hardening.idempotency.policies[2].name=by-api-key",
				"hardening.idempotency.policies[2].paths=/orders/echo", "hardening.idempotency.policies[2].key=header:X-Api-Key");
		http = new TestHttp(OrdersApplication.port(context));
		orders = context.getBean(OrdersController.class);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@BeforeEach
	void reset() {
		orders.created.set(0);
		orders.flaky.set(0);
	}

	private static String newKey() {
		return "\"key-" + (++keys) + "-" + System.nanoTime() + "\"";
	}

	@Test
	void aRetryIsAnsweredWithTheFirstResponseByteForByteAndDoesNotRunAgain() {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key);
		HttpResponse<String> retry = http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		assertThat(retry.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
		assertThat(retry.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
		// only the allowlisted headers are replayed; the request ID is the retry's own
		assertThat(retry.headers().firstValue("X-Not-Replayed")).isEmpty();
		assertThat(retry.headers().firstValue("X-Request-ID")).isNotEqualTo(first.headers().firstValue("X-Request-ID"));
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void theSameKeyWithAnotherBodyIsRefusedWith422() {
		String key = newKey();
		http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key);

		assertProblem(http.post("/orders", JSON, "{\"item\":\"pen\"}", "Idempotency-Key", key), 422,
				"IDEMPOTENCY_KEY_MISMATCH");
		assertProblem(http.post("/orders?coupon=1", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key), 422,
				"IDEMPOTENCY_KEY_MISMATCH");
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void aRetryWhileTheFirstStillRunsIsRefusedWith409AndRetryAfter() throws Exception {
		String key = newKey();
		orders.entered = new CountDownLatch(1);
		orders.release = new CountDownLatch(1);
		try {
			CompletableFuture<HttpResponse<String>> first = CompletableFuture
				.supplyAsync(() -> http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key));
			assertThat(orders.entered.await(30, TimeUnit.SECONDS)).isTrue();

			HttpResponse<String> concurrent = http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key);
			assertProblem(concurrent, 409, "IDEMPOTENCY_KEY_IN_PROGRESS");
			assertThat(concurrent.headers().firstValue("Retry-After")).hasValue("1");
			assertProblem(http.post("/orders", JSON, "{\"item\":\"pen\"}", "Idempotency-Key", key), 422,
					"IDEMPOTENCY_KEY_MISMATCH");

			orders.release.countDown();
			assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
		}
		finally {
			orders.release.countDown();
		}
		assertThat(http.post("/orders", JSON, "{\"item\":\"book\"}", "Idempotency-Key", key).headers()
			.firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void aRequiredKeyThatIsMissingIsRefusedWith400() {
		assertProblem(http.post("/orders", JSON, "{}"), 400, "IDEMPOTENCY_KEY_MISSING");
		assertThat(orders.created).hasValue(0);
	}

	@Test
	void withoutAKeyAnOptionalPolicyLetsEveryRequestRun() {
		int before = orders.optional.get();
		http.post("/optional", JSON, "{}");
		http.post("/optional", JSON, "{}");

		assertThat(orders.optional).hasValue(before + 2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "unquoted-stripe-style", "\"\"", "\"a\";p=1", "\"a\", \"b\"", "\"open" })
	void aMalformedKeyIsRefusedWith400AndNeverEchoed(String key) {
		HttpResponse<String> response = http.post("/orders", JSON, "{}", "Idempotency-Key", key);

		assertProblem(response, 400, "IDEMPOTENCY_KEY_INVALID");
		assertThat(response.body()).doesNotContain("stripe-style", "open\"");
		assertThat(orders.created).hasValue(0);
	}

	@Test
	void aKeyOverTwoHundredFiftyFiveCharactersIsRefused() {
		assertProblem(http.post("/orders", JSON, "{}", "Idempotency-Key", "\"" + "k".repeat(256) + "\""), 400,
				"IDEMPOTENCY_KEY_INVALID");
	}

	@Test
	void theHeaderSentTwiceIsRefused() {
		String raw = http.raw(("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Idempotency-Key: \"a\"\r\nIdempotency-Key: \"a\"\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
			.getBytes(StandardCharsets.US_ASCII));

		assertThat(raw).startsWith("HTTP/1.1 400").contains("IDEMPOTENCY_KEY_INVALID");
		assertThat(orders.created).hasValue(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"a\u0001b\"", "\"caf\u00e9\"", "\"a\u00ffb\"", "\"\u007f\"" })
	void aControlOrNonAsciiCharacterInTheKeyIsRefusedWith400(String key) {
		String raw = http.raw(("POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Idempotency-Key: " + key + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
			.getBytes(StandardCharsets.ISO_8859_1));

		assertThat(raw).startsWith("HTTP/1.1 400");
		assertThat(orders.created).hasValue(0);
	}

	@Test
	void theHandlerReadsTheSameBodyTheFingerprintRead() {
		String key = newKey();
		assertThat(http.post("/orders/echo", "text/plain", "hello \u00e9", "Idempotency-Key", key).body())
			.isEqualTo("echo:hello \u00e9");
		assertThat(http.post("/orders/echo", "text/plain", "hello \u00e9", "Idempotency-Key", key).body())
			.isEqualTo("echo:hello \u00e9");
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void aChunkedBodyIsFingerprintedAndReadByTheHandler() throws Exception {
		String key = newKey();
		HttpClient client = HttpClient.newHttpClient();
		for (int i = 0; i < 2; i++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + OrdersApplication.port(context) + "/orders/echo"))
				.header("Content-Type", "text/plain")
				.header("Idempotency-Key", key)
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("chunked".getBytes())))
				.build();
			assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("echo:chunked");
		}
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void aFormIsFingerprintedFromItsParametersAndStillReachesTheHandler() {
		String key = newKey();
		assertThat(http.post("/orders/form", "application/x-www-form-urlencoded", "item=book", "Idempotency-Key", key)
			.body()).isEqualTo("form:book");
		assertThat(http.post("/orders/form", "application/x-www-form-urlencoded", "item=book", "Idempotency-Key", key)
			.body()).isEqualTo("form:book");
		assertProblem(http.post("/orders/form", "application/x-www-form-urlencoded", "item=pen", "Idempotency-Key", key),
				422, "IDEMPOTENCY_KEY_MISMATCH");
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void aMultipartUploadIsFingerprintedFromItsPartsAndStillReachesTheHandler() {
		String key = newKey();
		String boundary = "b0undary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nfile content\r\n--" + boundary + "--\r\n";
		String other = body.replace("file content", "other content");
		String type = "multipart/form-data; boundary=" + boundary;

		assertThat(http.post("/orders/upload", type, body, "Idempotency-Key", key).body()).isEqualTo("upload:a.txt:file content");
		assertThat(http.post("/orders/upload", type, body, "Idempotency-Key", key).body()).isEqualTo("upload:a.txt:file content");
		assertProblem(http.post("/orders/upload", type, other, "Idempotency-Key", key), 422, "IDEMPOTENCY_KEY_MISMATCH");
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void aBodyOverTheLimitIsRefusedWith413BeforeTheHandlerRuns() {
		assertProblem(http.post("/orders/echo", "text/plain", "x".repeat(3000), "Idempotency-Key", newKey()), 413,
				"PAYLOAD_TOO_LARGE");
		assertThat(orders.created).hasValue(0);
	}

	@Test
	void aResponseOverTheLimitIsSentButNotStoredSoTheRetryRunsAgain() {
		String key = newKey();
		assertThat(http.post("/orders/large", JSON, "{}", "Idempotency-Key", key).body()).hasSize(4096);
		HttpResponse<String> retry = http.post("/orders/large", JSON, "{}", "Idempotency-Key", key);

		assertThat(retry.body()).hasSize(4096);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(orders.created).hasValue(2);
	}

	@Test
	void aResponseWrittenThroughTheWriterIsReplayedInItsCharset() {
		String key = newKey();
		HttpResponse<String> first = http.post("/orders/written", JSON, "{}", "Idempotency-Key", key);
		HttpResponse<String> retry = http.post("/orders/written", JSON, "{}", "Idempotency-Key", key);

		assertThat(first.body()).isEqualTo("caf\u00e9 \ud83d\ude00 #1");
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(orders.created).hasValue(1);
	}

	@Test
	void aServerErrorIsNotStoredSoTheRetryRuns() {
		String key = newKey();
		assertThat(http.post("/orders/flaky", JSON, "{}", "Idempotency-Key", key).statusCode()).isEqualTo(503);
		HttpResponse<String> retry = http.post("/orders/flaky", JSON, "{}", "Idempotency-Key", key);
		HttpResponse<String> again = http.post("/orders/flaky", JSON, "{}", "Idempotency-Key", key);

		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(again.body()).isEqualTo("created on attempt 2");
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
	}

	@Test
	void aRequestWhoseHandlerThrewIsNotStoredSoTheRetryRuns() {
		String key = newKey();
		assertProblem(http.post("/orders/throws", JSON, "{}", "Idempotency-Key", key), 409, "CONFLICT");
		HttpResponse<String> retry = http.post("/orders/throws", JSON, "{}", "Idempotency-Key", key);

		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(retry.body()).isEqualTo("done");
		assertThat(orders.flaky).hasValue(2);
	}

	@Test
	void oneClientsKeyNeverAnswersAnotherClient() {
		String key = newKey();
		assertThat(http.post("/orders/echo", "text/plain", "mine", "Idempotency-Key", key, "X-Api-Key", "alice").body())
			.isEqualTo("echo:mine");
		HttpResponse<String> bob = http.post("/orders/echo", "text/plain", "mine", "Idempotency-Key", key, "X-Api-Key",
				"bob");

		assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(orders.created).hasValue(2);
	}

	@Test
	void anAnnotatedHandlerIsGuardedWithoutAPathPolicy() {
		String key = newKey();
		int before = orders.annotated.get();
		http.send("PATCH", "/annotated", "{}", "Content-Type", JSON, "Idempotency-Key", key);
		HttpResponse<String> retry = http.send("PATCH", "/annotated", "{}", "Content-Type", JSON, "Idempotency-Key", key);

		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(orders.annotated).hasValue(before + 1);
	}

	@Test
	void safeMethodsAreNotGuardedEvenWithAKey() {
		String key = newKey();
		HttpResponse<String> first = http.get("/orders/list", "Idempotency-Key", key);
		HttpResponse<String> second = http.get("/orders/list", "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
	}

	@Test
	void countsEachOutcome() {
		io.micrometer.core.instrument.MeterRegistry registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
		String key = newKey();
		http.post("/orders", JSON, "{\"n\":1}", "Idempotency-Key", key);
		http.post("/orders", JSON, "{\"n\":1}", "Idempotency-Key", key);

		assertThat(registry.get("hardening.idempotency.requests").tag("policy", "orders").tag("outcome", "replayed")
			.counter().count()).isGreaterThanOrEqualTo(1);
		assertThat(registry.get("hardening.idempotency.requests").tag("policy", "orders").tag("outcome", "executed")
			.counter().count()).isGreaterThanOrEqualTo(1);
	}

}
