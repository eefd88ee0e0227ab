package dev.hardening.autoconfigure.audit;

import java.net.http.HttpResponse;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.RootLogEvents;
import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile query parameters on {@code /actuator/audit}: every bad {@code size} (signs, hex,
 * exponents, spaces, two values, full-width digits) and every {@code cursor} that is not one it
 * issued (empty, NUL, not Base64, longer than any token, one character changed, CR/LF) is a
 * {@code 400} problem {@code BAD_REQUEST} that does not echo the value, and so is a filter no
 * stored value can hold (a NUL, which PostgreSQL refuses in text, CR/LF, ANSI escapes, line
 * separators) or a time outside the years 1 to 9999 (PostgreSQL's {@code timestamptz} ends in
 * year 294276): both were a {@code 500} before; SQL in a filter is a value (an empty page), and
 * nothing logged while answering breaks a line or carries an escape.
 */
@ExtendWith(PostgresExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AuditAttackApplication.class,
		properties = { "hardening.audit.sink=jdbc", "hardening.audit.chain-key=an attack67 audit chain key of 32+ bytes",
				"hardening.audit.chain=attack67-audit", "hardening.audit.jdbc.initialize-schema=always",
				"management.endpoints.web.exposure.include=audit" })
class AuditEndpointHostileParameterTests {

	@LocalServerPort
	private int port;

	@RegisterExtension
	final RootLogEvents logs = new RootLogEvents();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> TestPostgres.shared().jdbcUrl());
	}


	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "501", "2147483648", "99999999999999999999999", "abc", "%00", "1e2", "0x10",
			"5%0D%0AX-Injected:%201", "%1B%5B31m", "5.0", "%2B5", "%205", "5%20", "1&size=2", "%EF%BC%95" })
	void aBadSizeIsA400Problem(String size) {
		assertBadRequest(get("/actuator/audit?size=" + size));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "%00", "abc", "%0D%0AX-Injected:%201", "%1B%5B31m", "AAAA%2F%2F%2B%2B", "%F0%9F%98%80" })
	void aCursorThatIsNoTokenIsA400Problem(String cursor) {
		assertBadRequest(get("/actuator/audit?cursor=" + cursor));
	}

	@Test
	void aCursorLongerThanAnyTokenIsA400Problem() {
		assertBadRequest(get("/actuator/audit?cursor=" + "A".repeat(6000)));
	}

	@Test
	void everyOneCharacterChangeOfAnIssuedCursorThatChangesItsBytesIsA400Problem() {
		for (int i = 0; i < 3; i++) {
			assertThat(new TestHttp(this.port).send("POST", "/notes?id=cursor-" + i, "").statusCode()).isEqualTo(200);
		}
		String next = json(get("/actuator/audit?action=note.create&size=1")).path("next").asString();
		assertThat(next).isNotEmpty();
		// the last character may carry only padding bits, which Base64 decoders ignore: leave it
		for (int i = 0; i < next.length() - 1; i++) {
			char replacement = (next.charAt(i) == 'A') ? 'B' : 'A';
			String tampered = next.substring(0, i) + replacement + next.substring(i + 1);
			assertBadRequest(get("/actuator/audit?action=note.create&size=1&cursor=" + tampered));
		}
		// and the same token under another filter still pages from where it was issued: the
		// cursor names an id, the filters are the request's
		assertThat(get("/actuator/audit?size=1&cursor=" + next).statusCode()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "%27%20OR%201%3D1%20--", "x%27%3B%20DROP%20TABLE%20hardening_audit_event%3B%20--", "*",
			"%25", "_", "%5Cu0000", "%5C" })
	void hostileFilterTextIsAValueAndBreaksNoLogLine(String value) {
		for (String name : new String[] { "principal", "action", "resource" }) {
			HttpResponse<String> response = get("/actuator/audit?" + name + "=" + value);
			assertThat(json(response).path("events")).as(name + "=" + value).isEmpty();
		}
		assertThat(get("/actuator/audit/verify").statusCode()).isEqualTo(200);
	}

	/**
	 * A control character, a line separator or an unpaired surrogate is in no stored value (the
	 * audit trail escapes them, AuditEvent.idOf): a filter holding one is refused.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "%0D%0A2026-01-01%20ERROR%20forged", "%1B%5B2J%1B%5B31mred", "%E2%80%A8", "%C2%85", "%00",
			"ada%00" })
	void filterTextNoStoredValueHoldsIsA400AndBreaksNoLogLine(String value) {
		for (String name : new String[] { "principal", "action", "resource" }) {
			assertBadRequest(get("/actuator/audit?" + name + "=" + value));
		}
		assertThat(get("/actuator/audit/verify").statusCode()).isEqualTo(200);
		for (ILoggingEvent event : this.logs.events()) {
			assertThat(event.getFormattedMessage()).doesNotContain("\r", "\n", "\u001b", "\u2028", "\u0085", "forged");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "from=%2B999999999-12-31T23:59:59Z", "to=%2B300000-01-01T00:00:00Z",
			"from=%2B294277-01-01T00:00:00Z", "to=%2B10000-01-01T00:00:00Z", "from=0000-12-31T23:59:59Z",
			"from=0001-01-01T00:00:00%2B01:00" })
	void aTimeOutsideTheYears1To9999IsA400Problem(String query) {
		assertBadRequest(get("/actuator/audit?" + query));
	}

	@ParameterizedTest
	@ValueSource(strings = { "from=0001-01-01T00:00:00Z", "to=9999-12-31T23:59:59.999999999Z" })
	void theFirstAndLastTimesOfThoseYearsAreFilters(String query) {
		assertThat(get("/actuator/audit?" + query).statusCode()).isEqualTo(200);
	}

	@Test
	void anOperationOtherThanVerifyIsA404() {
		assertThat(get("/actuator/audit/verify%0D%0Ax").statusCode()).isIn(400, 404);
		assertThat(get("/actuator/audit/VERIFY").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path) {
		return new TestHttp(this.port).get(path);
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.json(response.body());
	}

	private static void assertBadRequest(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = TestHttp.json(response.body());
		assertThat(problem.path("code").asString()).isEqualTo("BAD_REQUEST");
		assertThat(problem.path("requestId").asString()).isNotEmpty();
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "Injected", "\u001b", "AAAAAAAAAA");
	}

}
