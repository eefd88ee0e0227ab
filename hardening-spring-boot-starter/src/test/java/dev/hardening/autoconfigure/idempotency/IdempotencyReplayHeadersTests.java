package dev.hardening.autoconfigure.idempotency;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * helper-59's attacks on the replay of stored headers (added to the retry's, but for the values
 * it has already): names listed twice in {@code replay-headers}, the request ID listed, headers
 * with several values, headers a filter sets on the retry only, the security headers, a gzipped
 * answer, all read from the raw wire. An application of its own, for {@code replay-headers} the
 * shared one does not list.
 */
class IdempotencyReplayHeadersTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private static int keys;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(OrdersApplication.class, ReplayHeadersController.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"hardening.idempotency.policies[0].name=orders", "hardening.idempotency.policies[0].paths=/orders/**",
					"hardening.idempotency.policies[0].required=true",
					"hardening.idempotency.replay-headers=Content-Type,Location,Vary,Vary,Set-Cookie,Link,"
							+ "X-Frame-Options,X-Request-ID",
					"hardening.web.cors.mappings[0].allowed-origins=https://app.example.com")
			.run();
		port = OrdersApplication.port(context);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	/**
	 * {@code replay-headers} listing a name twice, in the same letter case: each of its values is
	 * stored twice, and the replay, which replaces only at the first value of a run of one name,
	 * adds the second copies: the retry says each value twice where the first answer said it once.
	 */
	@Test
	void aNameListedTwiceInReplayHeadersIsReplayedWithEachValueOnce() {
		String key = newKey();
		String first = raw(post("/orders/a59/vary", key, ""));
		String retry = raw(post("/orders/a59/vary", key, ""));

		assertThat(first).startsWith("HTTP/1.1 200");
		assertThat(retry).startsWith("HTTP/1.1 200").contains("Idempotent-Replayed: true");
		assertThat(values(first, "Vary")).containsExactly("Accept", "Accept-Language");
		assertThat(values(retry, "Vary")).isEqualTo(values(first, "Vary"));
	}

	/** Two cookies and two links: each once, in order; the CORS filter's Vary is the stored one. */
	@Test
	void aHeaderWithSeveralValuesIsReplayedWithEachValueOnce() {
		String key = newKey();
		String origin = "Origin: https://app.example.com\r\n";
		String first = raw(post("/orders/a59/many", key, origin));
		String retry = raw(post("/orders/a59/many", key, origin));

		assertThat(retry).startsWith("HTTP/1.1 201").contains("Idempotent-Replayed: true");
		assertThat(values(first, "Set-Cookie")).hasSize(2);
		assertThat(values(retry, "Set-Cookie")).isEqualTo(values(first, "Set-Cookie"));
		assertThat(values(first, "Link")).hasSize(2);
		assertThat(values(retry, "Link")).isEqualTo(values(first, "Link"));
		assertThat(values(retry, "Location")).isEqualTo(values(first, "Location")).containsExactly("/orders/a59/1");
		assertThat(values(retry, "Access-Control-Allow-Origin")).containsExactly("https://app.example.com");
		assertThat(body(retry)).isEqualTo(body(first));
	}

	/**
	 * The first request came without an Origin, the retry with one: the CORS filter's headers the
	 * stored answer lacks are the retry's own, and kept.
	 */
	@Test
	void aHeaderOnlyTheRetryHasFromAFilterIsKept() {
		String key = newKey();
		String first = raw(post("/orders/a59/many", key, ""));
		String retry = raw(post("/orders/a59/many", key, "Origin: https://app.example.com\r\n"));

		assertThat(values(first, "Access-Control-Allow-Origin")).isEmpty();
		assertThat(retry).contains("Idempotent-Replayed: true");
		assertThat(values(retry, "Access-Control-Allow-Origin")).containsExactly("https://app.example.com");
		assertThat(values(retry, "Set-Cookie")).isEqualTo(values(first, "Set-Cookie"));
	}

	/**
	 * The application's own X-Frame-Options, replayed: once on the wire, and the security headers
	 * filter's Content-Security-Policy says the same in {@code frame-ancestors}, as on the first answer.
	 */
	@Test
	void aReplayedXFrameOptionsIsSentOnceWithTheMatchingFrameAncestors() {
		String key = newKey();
		String first = raw(post("/orders/a59/frame", key, ""));
		String retry = raw(post("/orders/a59/frame", key, ""));

		assertThat(retry).contains("Idempotent-Replayed: true");
		assertThat(values(first, "X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(values(retry, "X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(values(retry, "Content-Security-Policy")).isEqualTo(values(first, "Content-Security-Policy"))
			.singleElement()
			.asString()
			.contains("frame-ancestors 'self'");
		assertThat(values(retry, "Content-Type")).isEqualTo(values(first, "Content-Type"));
	}

	/**
	 * docs/idempotency.md: the request ID is the retry's own, a replay or not. Listed in
	 * {@code replay-headers}, the stored request ID of the first request replaces the retry's: the
	 * client's retry, and its access-log line, carry one ID, its answer another.
	 */
	@Test
	void theRetrysOwnRequestIdIsSentEvenWhenReplayHeadersListIt() {
		String key = newKey();
		String first = raw(post("/orders/a59/frame", key, "X-Request-ID: a59-first-" + key.hashCode() + "\r\n"));
		String retry = raw(post("/orders/a59/frame", key, "X-Request-ID: a59-retry-" + key.hashCode() + "\r\n"));

		assertThat(values(first, "X-Request-ID")).containsExactly("a59-first-" + key.hashCode());
		assertThat(retry).contains("Idempotent-Replayed: true");
		assertThat(values(retry, "X-Request-ID")).containsExactly("a59-retry-" + key.hashCode());
	}

	/**
	 * An asynchronous answer streams out while it is recorded, so it is stored after Tomcat
	 * committed it: compressed for a client that accepts gzip, Tomcat's {@code Content-Encoding:
	 * gzip} is on the response by then, and stored (it is in the default {@code replay-headers}),
	 * while the recorded body is the bytes the handler wrote, not compressed. The replay then says
	 * gzip over a body that is not: a client cannot read it.
	 */
	@Test
	void aStreamedAnswerTomcatCompressedIsReplayedAsBytesThatMatchTheirContentEncoding() {
		String key = newKey();
		String gzip = "Accept-Encoding: gzip\r\n";
		String first = raw(post("/orders/a59/streamed", key, gzip));
		String retry = awaitReplay("/orders/a59/streamed", key, gzip);

		// Tomcat compresses an answer when it commits before its end with no length known, which the
		// first may or may not (the guard holds what the handler flushes); the replay has its
		// length and is not. Either way each one's bytes must match the Content-Encoding it is sent with
		assertThat(retry).contains("Idempotent-Replayed: true");
		assertThat(decoded(retry)).isEqualTo(decoded(first)).isEqualTo("streamed answer ".repeat(8));
	}

	/** Retries until the answer is stored (an asynchronous one is sent first: 409 until then). */
	private static String awaitReplay(String path, String key, String headers) {
		String[] retry = new String[1];
		await().until(() -> {
			retry[0] = raw(post(path, key, headers));
			return !retry[0].startsWith("HTTP/1.1 409");
		});
		return retry[0];
	}

	/** The body as the client reads it: de-chunked, then gunzipped if its Content-Encoding says gzip. */
	private static String decoded(String response) {
		byte[] bytes = body(response).getBytes(StandardCharsets.ISO_8859_1);
		if (values(response, "Transfer-Encoding").contains("chunked")) {
			bytes = dechunked(bytes);
		}
		if (values(response, "Content-Encoding").contains("gzip")) {
			try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
				bytes = in.readAllBytes();
			}
			catch (IOException ex) {
				return "not gzip: " + ex.getMessage() + ": " + new String(bytes, StandardCharsets.ISO_8859_1);
			}
		}
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

	private static byte[] dechunked(byte[] chunked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String text = new String(chunked, StandardCharsets.ISO_8859_1);
		int at = 0;
		while (true) {
			int end = text.indexOf("\r\n", at);
			int size = Integer.parseInt(text.substring(at, end).trim(), 16);
			if (size == 0) {
				return out.toByteArray();
			}
			out.write(chunked, end + 2, size);
			at = end + 2 + size + 2;
		}
	}

	private static synchronized String newKey() {
		return "\"a59-" + (++keys) + "-" + System.nanoTime() + "\"";
	}

	private static String post(String path, String key, String headers) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nIdempotency-Key: "
				+ key + "\r\n" + headers + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
	}

	/** Sends a request as it is and reads until Tomcat closes the connection. */
	private static String raw(String request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The values of every field line of a name in the head, in order, as on the wire. */
	private static List<String> values(String response, String name) {
		String head = response.substring(0, response.indexOf("\r\n\r\n"));
		List<String> values = new ArrayList<>();
		String prefix = name.toLowerCase(Locale.ROOT) + ":";
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
				values.add(line.substring(prefix.length()).trim());
			}
		}
		return values;
	}

	private static String body(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

	@RestController
	static class ReplayHeadersController {

		@PostMapping("/orders/a59/vary")
		String vary(HttpServletResponse response) {
			response.addHeader("Vary", "Accept");
			response.addHeader("Vary", "Accept-Language");
			return "vary";
		}

		@PostMapping("/orders/a59/many")
		void many(HttpServletResponse response) throws IOException {
			response.setStatus(201);
			response.setHeader("Location", "/orders/a59/1");
			response.addCookie(new Cookie("a", "1"));
			response.addCookie(new Cookie("b", "2"));
			response.addHeader("Link", "</orders/a59/1>; rel=\"self\"");
			response.addHeader("Link", "</orders>; rel=\"collection\"");
			response.setContentType("application/json");
			response.getOutputStream().write("{\"id\":1}".getBytes(StandardCharsets.US_ASCII));
		}

		@PostMapping("/orders/a59/frame")
		void frame(HttpServletResponse response) throws IOException {
			response.setHeader("X-Frame-Options", "SAMEORIGIN");
			response.setContentType("application/json");
			response.getOutputStream().write("{\"framed\":true}".getBytes(StandardCharsets.US_ASCII));
		}

		@PostMapping("/orders/a59/streamed")
		ResponseEntity<StreamingResponseBody> streamed() {
			return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body((out) -> {
				for (int i = 0; i < 8; i++) {
					out.write("streamed answer ".getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
			});
		}

	}

}
