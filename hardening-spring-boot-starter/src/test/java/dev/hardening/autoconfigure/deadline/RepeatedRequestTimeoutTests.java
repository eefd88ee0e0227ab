package dev.hardening.autoconfigure.deadline;

import java.nio.charset.StandardCharsets;

import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code Request-Timeout} sent on two field lines means what the same values joined by a comma
 * on one line mean (RFC 9110, 5.3), and that one line is refused as malformed ("no second
 * value"): so two lines must be refused too, as the starter refuses a second
 * {@code Idempotency-Key}, {@code page}, {@code size} or {@code cursor}. Reading only the first
 * line lets whichever hop wrote first decide the budget and silently drops the other value,
 * malformed or shorter.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = DeadlineAttackApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1/32", "hardening.deadline.timeout=10s" })
class RepeatedRequestTimeoutTests {

	@LocalServerPort
	private int port;

	private String get(String... headerLines) {
		StringBuilder request = new StringBuilder("GET /attacker/left HTTP/1.0\r\nHost: localhost\r\n");
		for (String line : headerLines) {
			request.append(line).append("\r\n");
		}
		return new TestHttp(this.port).raw(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
	}

	@Test
	void aTimeoutOnTwoFieldLinesIsAnsweredAsTheSameValuesOnOneLine() {
		String oneLine = get("Request-Timeout: 60000, 50");
		assertThat(oneLine).startsWith("HTTP/1.1 400").contains("\"code\":\"INVALID_REQUEST_TIMEOUT\"");

		String twoLines = get("Request-Timeout: 60000", "Request-Timeout: 50");
		assertThat(twoLines).as("two Request-Timeout lines").startsWith("HTTP/1.1 400")
			.contains("\"code\":\"INVALID_REQUEST_TIMEOUT\"");
	}

	@Test
	void aMalformedSecondLineIsNotIgnored() {
		String twoLines = get("Request-Timeout: 5000", "Request-Timeout: soon");
		assertThat(twoLines).as("a malformed second Request-Timeout line").startsWith("HTTP/1.1 400")
			.contains("\"code\":\"INVALID_REQUEST_TIMEOUT\"");
	}

}
