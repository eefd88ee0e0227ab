package dev.hardening.autoconfigure.idempotency;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.hardening.autoconfigure.idempotency.IdempotencyAttackApplication.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-59's attacks on a replayed {@code Vary} (in the shared application's
 * {@code replay-headers}, once) where the retry's CORS headers differ from the first request's.
 */
class IdempotencyReplayVaryTests {

	@BeforeAll
	static void start() {
		IdempotencyAttackApplication.start();
	}

	@BeforeEach
	void reset() {
		IdempotencyAttackApplication.reset();
	}

	/**
	 * The first request came without an Origin, and its answer, which varies by language, was
	 * stored with its {@code Vary: Accept-Language}. The retry comes from a browser, with an Origin:
	 * the CORS filter gives it {@code Access-Control-Allow-Origin} and {@code Vary: Origin}, which
	 * a replay that replaced the Vary dropped. An answer whose CORS headers depend on the Origin
	 * must say it varies by Origin (a cache would otherwise give another origin this one's
	 * {@code Access-Control-Allow-Origin}), as the CORS filter's own answers do. (helper-59 found it
	 * with an answer Tomcat gzipped, whose {@code Vary: accept-encoding} Tomcat adds only when it
	 * compresses, which it may not: the handler sets its own here.)
	 */
	@Test
	void aRetryWithAnOriginKeepsTheCorsVaryWhenTheStoredAnswerHadAVaryOfItsOwn() {
		String key = newKey();
		String first = raw(varies(key, ""));
		String retry = raw(varies(key, "Origin: https://app.example.com\r\n"));

		assertThat(values(first, "Vary")).containsExactly("Accept-Language");
		assertThat(retry).contains("Idempotent-Replayed: true");
		assertThat(values(retry, "Access-Control-Allow-Origin")).containsExactly("https://app.example.com");
		assertThat(values(retry, "Vary")).containsExactlyInAnyOrder("Origin", "Access-Control-Request-Method",
				"Access-Control-Request-Headers", "Accept-Language");
		assertThat(attacks.runs).hasValue(1);
	}

	/**
	 * With the request ID not in {@code replay-headers} (the shared application's, as by default),
	 * the replay carries the retry's own ID, once, and the retry's CORS headers, each once.
	 */
	@Test
	void aReplayCarriesTheRetrysOwnRequestIdAndCorsHeadersOnce() {
		String key = newKey();
		String origin = "Origin: https://app.example.com\r\n";
		String first = raw(orders(key, "X-Request-ID: a59-vary-first\r\n" + origin));
		String retry = raw(orders(key, "X-Request-ID: a59-vary-retry\r\n" + origin));

		assertThat(first).startsWith("HTTP/1.1 201");
		assertThat(retry).startsWith("HTTP/1.1 201").contains("Idempotent-Replayed: true");
		assertThat(values(retry, "X-Request-ID")).containsExactly("a59-vary-retry");
		assertThat(values(retry, "Access-Control-Allow-Origin")).containsExactly("https://app.example.com");
		assertThat(values(retry, "Vary")).isEqualTo(values(first, "Vary")).doesNotHaveDuplicates();
		assertThat(values(retry, "Location")).isEqualTo(values(first, "Location")).hasSize(1);
		assertThat(orders.created).hasValue(1);
	}

	private static String orders(String key, String headers) {
		String body = "{\"item\":\"a59\"}";
		return "POST /orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nIdempotency-Key: " + key
				+ "\r\n" + headers + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
	}

	private static String varies(String key, String headers) {
		return "POST /orders/attack/varies HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Idempotency-Key: " + key + "\r\n" + headers + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
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

}
