package dev.hardening.autoconfigure.web;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.RootLogEvents;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by an attack (helper-72), fixed. docs/access-log.md, Levels and volume: "sample-rate below 1 logs only that
 * share of fast successful requests; errors and slow requests are always logged." With
 * {@code sample-rate: 0}, {@code GET /s/stream-cut?kind=ise} (a {@code StreamingResponseBody}
 * that fails with an {@code IllegalStateException} after 64 KB) and {@code GET
 * /s/emitter-cut?kind=ise}: {@code dev.hardening.errors} logs the failure at ERROR and the
 * client's response is aborted, yet the access log judges the request by the {@code 200} already
 * sent, so it is a "fast successful request" and sampled out: no access line at all (at
 * {@code sample-rate: 1} the line says {@code 200} with no {@code error.code}, unlike the same
 * stream failing with a {@code ResponseStatusException}, whose line carries
 * {@code error.code=SERVICE_UNAVAILABLE}). A request that ended in a server error is an error: its
 * line must be kept, and mark the failure.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = StreamAttackApplication.class,
		properties = { "spring.mvc.async.request-timeout=30s", "hardening.web.access-log.slow-threshold=1h",
				"hardening.web.access-log.sample-rate=0" })
class AccessLogFailedStreamTests {

	@RegisterExtension
	final RootLogEvents log = new RootLogEvents();

	@RegisterExtension
	final AccessLogEvents access = new AccessLogEvents();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "/s/stream-cut?kind=ise", "/s/emitter-cut?kind=ise" })
	void aStreamThatFailedHalfWayIsAnErrorNeverSampledOut(String target) {
		String id = "a72-sampled" + target.replaceAll("[^a-z]", "-");
		// read until the server closes the connection: the request, its error handling included, is over
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", target, "X-Request-ID", id);

		assertThat(answer.status()).isEqualTo(200);
		List<ILoggingEvent> errors = this.log.events()
			.stream()
			.filter((event) -> "dev.hardening.errors".equals(event.getLoggerName()) && event.getLevel() == Level.ERROR
					&& id.equals(event.getMDCPropertyMap().get("requestId")))
			.toList();
		assertThat(errors).as("the failure was logged as an error").isNotEmpty();
		assertThat(this.access.of(id)).as("the access line of a request that failed with a server error").hasSize(1);
	}

}
