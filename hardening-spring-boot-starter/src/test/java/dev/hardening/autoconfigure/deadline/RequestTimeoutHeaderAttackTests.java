package dev.hardening.autoconfigure.deadline;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.RootLogEvents;
import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outsider's attack on the caller's {@code Request-Timeout} header, through Tomcat: 127.0.0.1
 * is a trusted proxy, so the header is read; every value is either a budget no longer than the
 * one configured (10 s) or a {@code 400} {@code INVALID_REQUEST_TIMEOUT}, never a {@code 500},
 * never echoed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = DeadlineAttackApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1/32", "hardening.deadline.timeout=10s" })
class RequestTimeoutHeaderAttackTests {

	@LocalServerPort
	private int port;

	@RegisterExtension
	final RootLogEvents logs = new RootLogEvents();


	private TestHttp http() {
		return new TestHttp(this.port);
	}

	/** A raw HTTP/1.0 exchange: Tomcat closes the connection once the request is done. */
	private String raw(String method, String path, String... headerLines) {
		StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.0\r\nHost: localhost\r\n");
		for (String line : headerLines) {
			request.append(line).append("\r\n");
		}
		return http().raw(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
	}

	private static int status(String response) {
		return Integer.parseInt(response.substring(9, 12));
	}

	private static String body(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

	private static long leftMillis(String response) {
		assertThat(status(response)).as(response).isEqualTo(200);
		return Long.parseLong(body(response));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Request-Timeout", "request-timeout", "REQUEST-TIMEOUT", "rEqUeSt-TiMeOuT" })
	void theHeaderNameIsReadInAnyLetterCase(String name) {
		assertThat(leftMillis(raw("GET", "/attacker/left", name + ": 5000"))).isBetween(0L, 5_000L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "5000", " 5000", "5000 ", "\t5000\t", "  \t 5000 \t  ", "0000005000" })
	void optionalWhitespaceAroundTheValueAndLeadingZerosAreAllowed(String value) {
		assertThat(leftMillis(raw("GET", "/attacker/left", "Request-Timeout:" + value))).isBetween(0L, 5_000L);
	}

	@Test
	void theLargestValueIsAcceptedAndLengthensNothing() {
		assertThat(leftMillis(raw("GET", "/attacker/left", "Request-Timeout: 999999999999"))).isBetween(5_000L,
				10_000L);
		assertThat(leftMillis(raw("GET", "/attacker/left", "Request-Timeout: 000000005000"))).isBetween(0L, 5_000L);
	}

	@ParameterizedTest
	@ValueSource(strings = { "+500", "-500", "-0", "5e2", "0x1F4", "500ms", "500s", "PT0.5S", "500.0", "500,500",
			"500, 500", "500;q=1", "\"500\"", "1000000000000", "9223372036854775808", "99999999999999999999999",
			"\u00bd", "attackermarker", "5 00", "500\u00a0", "\u00a0500", "=500" })
	void anythingButDigitsIsA400ThatDoesNotEchoTheValue(String value) {
		HttpResponse<String> response = http().get("/attacker/left", "Request-Timeout", value);

		assertProblem(response, 400, "INVALID_REQUEST_TIMEOUT");
		if (value.length() > 2) {
			assertThat(response.body()).doesNotContain(value);
		}
		assertThat(this.logs.events().stream().map(ILoggingEvent::getFormattedMessage))
			.noneMatch((line) -> line.contains("attackermarker"));
	}

	@Test
	void nonAsciiDigitsOnTheWireAreA400() {
		// fullwidth and Arabic-Indic digits, sent as UTF-8 bytes that Tomcat reads as ISO-8859-1
		String fullwidth = new String("\uff15\uff10\uff10".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
		String arabic = new String("\u0665\u0660\u0660".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
		for (String value : new String[] { fullwidth, arabic }) {
			String response = raw("GET", "/attacker/left", "Request-Timeout: " + value);
			assertThat(status(response)).as(response).isEqualTo(400);
			assertThat(response).contains("INVALID_REQUEST_TIMEOUT").doesNotContain(value);
		}
	}

	@Test
	void anEmptyValueIsA400() {
		String response = raw("GET", "/attacker/left", "Request-Timeout:");
		assertThat(status(response)).as(response).isEqualTo(400);
		assertThat(body(response)).contains("\"code\":\"INVALID_REQUEST_TIMEOUT\"");
	}

	@Test
	void aRequestAlreadyOutOfTimeIsA504WhateverItsMethod() {
		assertProblem(http().get("/attacker/left", "Request-Timeout", "0"), 504, "DEADLINE_EXCEEDED");
		assertProblem(http().send("OPTIONS", "/attacker/left", null, "Request-Timeout", "0"), 504,
				"DEADLINE_EXCEEDED");
		String head = raw("HEAD", "/attacker/left", "Request-Timeout: 0");
		assertThat(status(head)).as(head).isEqualTo(504);
		assertThat(body(head)).isEmpty();
		// an asynchronous handler is stopped before it starts, too
		assertProblem(http().get("/attacker/async", "Request-Timeout", "0"), 504, "DEADLINE_EXCEEDED");
	}

	@Test
	void aHeadRequestSpendsTheSameBudgetAsAGet() {
		String head = raw("HEAD", "/attacker/left", "Request-Timeout: 5000");
		assertThat(status(head)).as(head).isEqualTo(200);
		String malformed = raw("HEAD", "/attacker/left", "Request-Timeout: soon");
		assertThat(status(malformed)).as(malformed).isEqualTo(400);
		assertThat(body(malformed)).isEmpty();
	}

	@Test
	void anAsynchronousHandlerKeepsTheCallersShorterBudget() {
		String response = raw("GET", "/attacker/async", "Request-Timeout: 5000");
		assertThat(leftMillis(response)).isBetween(0L, 5_000L);
	}

	@Test
	void anAnnotatedHandlersBudgetReplacesTheDefaultAndTheCallerStillShortensIt() {
		assertThat(leftMillis(raw("GET", "/attacker/annotated"))).isBetween(10_001L, 30_000L);
		assertThat(leftMillis(raw("GET", "/attacker/annotated", "Request-Timeout: 5000"))).isBetween(0L, 5_000L);
		assertThat(leftMillis(raw("GET", "/attacker/annotated", "Request-Timeout: 999999999999")))
			.isBetween(10_001L, 30_000L);
	}

}
