package dev.hardening.autoconfigure.web;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route in the access-log line of an asynchronous request that ends on the error page (a
 * timeout, or {@code sendError} on the async thread then {@code complete()}). The line is written
 * when the request completes, after the error dispatch went through Boot's error controller, which
 * set the matched route to {@code /error}; the request's own route is the handler's, as on the
 * line of the same {@code sendError} made synchronously (found by helper-58: the line said
 * {@code http.route=/error}). Read raw until Tomcat closes the connection (after a 500 or 503, once
 * the request is done): the line may be written after the answer reached the client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = AsyncApplication.class,
		properties = { AsyncApplication.PROPERTY_SLOW, AsyncApplication.PROPERTY_TIMEOUT })
class AccessLogAsyncRouteTests {

	@RegisterExtension
	final AccessLogEvents log = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@Test
	void aSynchronousSendErrorKeepsTheHandlersRoute() {
		assertThat(RawExchange.send(this.port, "GET", "/sync-error/1", null, new byte[0], false).status())
			.isEqualTo(503);

		assertThat(AccessLogEvents.fields(onlyLine("GET /sync-error/1 "))).containsEntry("http.route",
				"/sync-error/{id}");
	}

	@Test
	void anAsyncSendErrorKeepsTheHandlersRoute() {
		assertThat(RawExchange.send(this.port, "GET", "/send-error/1", null, new byte[0], false).status())
			.isEqualTo(503);

		assertThat(AccessLogEvents.fields(onlyLine("GET /send-error/1 "))).containsEntry("http.route",
				"/send-error/{id}");
	}

	@Test
	void aTimeoutKeepsTheHandlersRoute() {
		assertThat(RawExchange.send(this.port, "GET", "/never/1", null, new byte[0], false).status()).isEqualTo(500);

		assertThat(AccessLogEvents.fields(onlyLine("GET /never/1 "))).containsEntry("http.route", "/never/{id}");
	}

	private ILoggingEvent onlyLine(String messagePrefix) {
		List<ILoggingEvent> lines = this.log.all()
			.stream()
			.filter((line) -> line.getFormattedMessage().startsWith(messagePrefix))
			.toList();
		assertThat(lines).hasSize(1);
		return lines.get(0);
	}

}
