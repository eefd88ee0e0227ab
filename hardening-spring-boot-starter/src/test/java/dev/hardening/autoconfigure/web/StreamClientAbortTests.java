package dev.hardening.autoconfigure.web;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.hardening.autoconfigure.RootLogEvents;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-72. A client that walks away from a long stream: it reads 20 KB of a
 * {@code StreamingResponseBody} that writes 8 KB chunks, of an {@code SseEmitter} that sends
 * 1 KB events, or of a synchronous handler writing 8 KB chunks, and closes its socket. The handler's next writes fail (Tomcat's
 * {@code ClientAbortException}, a broken pipe or a reset), the handler rethrows or completes the
 * emitter with that failure, as applications do. docs/errors.md: "A client that disconnects is not
 * an error: nothing is logged and nothing is written." So no WARN or ERROR anywhere, nothing from
 * {@code dev.hardening.errors}, and one access-log line with the status the client got ({@code 200},
 * not a {@code 500} problem) and at least the bytes it read. Not held, and not tested here: an
 * asynchronous stream a client walks away from sometimes leaves no access line at all (Tomcat
 * logs that it recycled the request forcedly); see the note of stop 42.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = StreamAttackApplication.class,
		properties = { "spring.mvc.async.request-timeout=5s", "hardening.web.access-log.slow-threshold=1h" })
class StreamClientAbortTests {

	private static final int READ = 20 * 1024;

	@RegisterExtension
	final RootLogEvents log = new RootLogEvents();

	@RegisterExtension
	final AccessLogEvents access = new AccessLogEvents();

	@LocalServerPort
	private int port;

	/** The synchronous case: no WARN or ERROR, one line with 200 and at least the bytes read. */
	@ParameterizedTest
	@ValueSource(strings = { "/s/sync-endless" })
	void aClientThatWalksAwayMidStreamIsNoError(String path) throws InterruptedException {
		String id = "a72-abort" + path.replace('/', '-');
		String read = StreamWire.readThenAbandon(this.port, path + "?id=" + id, READ, "X-Request-ID", id);

		assertThat(read).startsWith("HTTP/1.1 200 ");
		assertThat(StreamAttackApplication.failedWrite(id).await(60, TimeUnit.SECONDS))
			.as("the handler's write never failed").isTrue();
		List<ILoggingEvent> lines = this.access.awaitOf(id);
		assertThat(lines).hasSize(1);
		Map<String, Object> fields = AccessLogEvents.fields(lines.get(0));
		assertThat(fields).containsEntry("http.response.status_code", 200);
		int bodyRead = read.length() - read.indexOf("\r\n\r\n") - 4;
		assertThat((Long) fields.get("http.response.body.bytes")).isGreaterThanOrEqualTo(bodyRead);
		assertThat(fields).doesNotContainKey("error.code");
		List<ILoggingEvent> loud = this.log.events()
			.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN)
					|| "dev.hardening.errors".equals(event.getLoggerName()))
			.toList();
		assertThat(loud).as("%s", loud.stream().map(ILoggingEvent::getFormattedMessage).toList()).isEmpty();
	}

	/**
	 * A client that goes away while the ETag filter holds the body of a synchronous answer: the
	 * handler writes 512 KB after the client closed its connection, and the filter's write of the
	 * held body, once the handler returned, fails. No WARN or ERROR, one access line.
	 */
	@Test
	void aClientGoneBeforeAHeldBodyIsWrittenIsNoError() throws Exception {
		String id = "a72-abort-held";
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoLinger(true, 0);
			socket.getOutputStream()
				.write(StreamWire.request("GET", "/s/sync-held?id=" + id, "X-Request-ID", id)
					.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			assertThat(StreamAttackApplication.failedWrite(id + "-started").await(60, TimeUnit.SECONDS)).isTrue();
		}
		StreamAttackApplication.release(id).countDown();
		List<ILoggingEvent> lines = this.access.awaitOf(id);

		assertThat(lines).hasSize(1);
		assertThat(AccessLogEvents.fields(lines.get(0))).doesNotContainKey("error.code");
		List<ILoggingEvent> loud = this.log.events()
			.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.WARN)
					|| "dev.hardening.errors".equals(event.getLoggerName()))
			.toList();
		assertThat(loud).as("%s", loud.stream().map(ILoggingEvent::getFormattedMessage).toList()).isEmpty();
	}

}
