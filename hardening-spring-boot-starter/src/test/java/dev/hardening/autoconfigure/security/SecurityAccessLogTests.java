package dev.hardening.autoconfigure.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import static dev.hardening.autoconfigure.security.SecurityProblemResponsesTests.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the access log records of Spring Security's refusals.
 */
class SecurityAccessLogTests extends AttackSecuredTests {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void setUp() {
		this.appender.list = Collections.synchronizedList(new ArrayList<>());
		this.appender.start();
		accessLogger().addAppender(this.appender);
	}

	@AfterEach
	void tearDown() {
		accessLogger().detachAppender(this.appender);
	}

	/** A 401 and a 403 of Spring Security are logged once, with their own status. */
	@Test
	void refusalsAreLoggedWithTheirStatus() {
		// finished(): the server closes the connection only once the access log is written
		this.http.finished("GET", "/things", "text/plain", "", "Accept", JSON, "X-Request-ID", "sec-log-401");
		this.http.finished("GET", "/admin/data", "text/plain", "", "Accept", JSON, "X-Request-ID", "sec-log-403",
				"Authorization", basic("user", "password"));

		assertThat(fields("sec-log-401")).containsEntry("http.response.status_code", 401);
		assertThat(fields("sec-log-403")).containsEntry("http.response.status_code", 403);
	}

	/**
	 * Found by an attack, fixed. {@code GET /things} without credentials (and {@code GET /admin/data}
	 * as a user without the role) gets a problem body with {@code "code":"UNAUTHORIZED"}
	 * ({@code FORBIDDEN}) of some 200 bytes, but its access-log line had
	 * {@code http.response.body.bytes=0} and no {@code error.code}: the line was written as the
	 * request's dispatch ended, before the container rendered the error page Spring Security's
	 * {@code sendError} asked for (docs/access-log.md promises "{@code error.code} when the answer
	 * was a problem" and the bytes; the rejection metrics are fed from the same code). The line now
	 * waits for the error page ({@code AccessLogErrorPageTests}).
	 */
	@Test
	void refusalsAreLoggedWithTheirProblemCodeAndBytes() {
		String anonymous = this.http.finished("GET", "/things", "text/plain", "", "Accept", JSON, "X-Request-ID",
				"sec-log-code-401");
		String forbidden = this.http.finished("GET", "/admin/data", "text/plain", "", "Accept", JSON, "X-Request-ID",
				"sec-log-code-403", "Authorization", basic("user", "password"));

		assertThat(anonymous).contains("\"code\":\"UNAUTHORIZED\"");
		assertThat(forbidden).contains("\"code\":\"FORBIDDEN\"");
		assertThat(fields("sec-log-code-401")).containsEntry("error.code", "UNAUTHORIZED")
			.containsEntry("http.response.body.bytes", (long) anonymous.getBytes(StandardCharsets.UTF_8).length);
		assertThat(fields("sec-log-code-403")).containsEntry("error.code", "FORBIDDEN")
			.containsEntry("http.response.body.bytes", (long) forbidden.getBytes(StandardCharsets.UTF_8).length);
	}

	private Map<String, Object> fields(String requestId) {
		List<ILoggingEvent> events;
		synchronized (this.appender.list) {
			events = this.appender.list.stream()
				.filter((event) -> requestId.equals(event.getMDCPropertyMap().get("requestId")))
				.toList();
		}
		assertThat(events).as("access log lines of %s", requestId).hasSize(1);
		Map<String, Object> fields = new HashMap<>();
		for (KeyValuePair pair : events.get(0).getKeyValuePairs()) {
			fields.put(pair.key, pair.value);
		}
		return fields;
	}

	private static Logger accessLogger() {
		return (Logger) LoggerFactory.getLogger("hardening.access");
	}

}
