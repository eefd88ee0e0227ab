package dev.hardening.autoconfigure.deadline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hardening.autoconfigure.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code 400} {@code INVALID_REQUEST_TIMEOUT} refusal is a refusal like any other: docs/web-security.md
 * says every refusal carries the security headers, and docs/access-log.md that every request gets
 * one access-log event. Each case is compared with the same request refused by another of the
 * starter's filters or answered normally, on the same server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = DeadlineAttackApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1/32", "hardening.deadline.timeout=10s" })
class RequestTimeoutRefusalHeadersTests {

	@LocalServerPort
	private int port;

	private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

	@BeforeEach
	void listen() {
		this.accessLog.list = Collections.synchronizedList(new ArrayList<>());
		this.accessLog.start();
		logger().addAppender(this.accessLog);
	}

	@AfterEach
	void stop() {
		logger().detachAppender(this.accessLog);
	}

	private static Logger logger() {
		return (Logger) LoggerFactory.getLogger("hardening.access");
	}

	/** HTTP/1.0: Tomcat closes the connection only once the request is done, its access-log event written. */
	private String get(String requestId, String timeout) {
		return new TestHttp(this.port).raw(("GET /attacker/left HTTP/1.0\r\nHost: localhost\r\nX-Request-ID: "
				+ requestId + "\r\nRequest-Timeout: " + timeout + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
	}

	private List<ILoggingEvent> eventsOf(String requestId) {
		synchronized (this.accessLog.list) {
			return this.accessLog.list.stream()
				.filter((event) -> requestId.equals(event.getMDCPropertyMap().get("requestId")))
				.toList();
		}
	}

	@Test
	void theRefusalCarriesTheSecurityHeadersAsAnAcceptedRequestDoes() {
		String accepted = get("attacker-accepted", "5000");
		assertThat(accepted).startsWith("HTTP/1.1 200").contains("X-Content-Type-Options: nosniff");

		String refused = get("attacker-refused", "soon");
		assertThat(refused).startsWith("HTTP/1.1 400").contains("\"code\":\"INVALID_REQUEST_TIMEOUT\"");
		assertThat(refused).as("security headers on the INVALID_REQUEST_TIMEOUT refusal")
			.contains("X-Content-Type-Options: nosniff")
			.contains("Content-Security-Policy: default-src 'none'; frame-ancestors 'none'");
	}

	@Test
	void theRefusalHasItsAccessLogEventAsAnAcceptedRequestDoes() {
		get("attacker-logged", "5000");
		assertThat(eventsOf("attacker-logged")).hasSize(1);

		String refused = get("attacker-unlogged", "soon");
		assertThat(refused).startsWith("HTTP/1.1 400").contains("\"code\":\"INVALID_REQUEST_TIMEOUT\"");
		assertThat(eventsOf("attacker-unlogged")).as("access-log events of the INVALID_REQUEST_TIMEOUT refusal")
			.hasSize(1);
	}

}
