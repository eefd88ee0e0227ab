package dev.hardening.autoconfigure.web;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.hardening.autoconfigure.RootLogEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * helper-72: streamed answers ({@code StreamingResponseBody}, {@code ResponseBodyEmitter},
 * {@code SseEmitter}) that fail after their first bytes went out, under the starter's defaults.
 * docs/errors.md, "Failure behaviour": "A response that is already committed (a stream that fails
 * half way) cannot become a problem: the exception is logged and rethrown so the container aborts
 * the response rather than ending it as if it were complete." So the client must see one status
 * line, the bytes the handler wrote and then a cut (no last chunk), and nothing else in the body;
 * the server one line by {@code dev.hardening.errors} with the request ID.
 *
 * <p>Each request is read raw until the server closes the connection, which it does once the
 * request is over, its error handling included.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = StreamAttackApplication.class,
		properties = { "spring.mvc.async.request-timeout=30s", "hardening.web.access-log.slow-threshold=1h" })
class CommittedStreamFailureTests {

	private static final String FORGED = "%0D%0AINFO+forged";

	@RegisterExtension
	final RootLogEvents log = new RootLogEvents();

	@RegisterExtension
	final AccessLogEvents access = new AccessLogEvents();

	@LocalServerPort
	private int port;

	/**
	 * Found by an attack (helper-72), fixed. {@code GET /s/stream-cut?kind=ise} (a {@code StreamingResponseBody} that writes and
	 * flushes 64 KB, then throws an {@code IllegalStateException}) and {@code GET
	 * /s/emitter-cut?kind=ise} (a {@code ResponseBodyEmitter} that sends one chunk, then completes
	 * with that error) reach the client as {@code 200}, their bytes, and then, in the same body, a
	 * {@code 404 NOT_FOUND} problem ({@code "No endpoint exists at this path."}): Tomcat includes
	 * the error page into the committed response, and {@code ProblemErrorController} takes the
	 * include for a client asking for {@code /error}. A committed stream "cannot become a problem"
	 * (docs/errors.md, Failure behaviour), let alone a wrong one: the body must hold only what the
	 * handler wrote, and be cut.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/s/stream-cut?kind=ise", "/s/emitter-cut?kind=ise" })
	void anExceptionAfterTheFirstBytesAppendsNoProblemToTheBody(String target) {
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", target, "X-Request-ID", "a72-cut-ise");

		assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
		assertThat(answer.statusLines()).as(answer.describe()).isEqualTo(1);
		assertThat(answer.body()).as(answer.describe()).doesNotContain("\"code\"", "NOT_FOUND", "requestId");
		assertThat(answer.chunkedComplete()).as("a stream that failed must not end as complete: %s", answer.describe())
			.isFalse();
	}

	/**
	 * Found by an attack (helper-72), fixed. A stream that fails with an {@code ApiException} ({@code UnavailableException}, 503)
	 * after its first bytes: {@code GET /s/stream-cut?kind=api}, {@code GET
	 * /s/emitter-cut?kind=api}. {@code ApiExceptionHandler} writes its problem into the committed
	 * body ({@code ...aaaa{"detail":"stream unavailable ",...,"status":503,...}}) and the response
	 * ends with its last chunk, so the client gets a complete-looking {@code 200} whose body is the
	 * handler's bytes plus JSON, and the access log counts the problem's bytes as the body's. The
	 * documented answer: nothing appended, and the response aborted (no last chunk), as for any other
	 * exception.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/s/stream-cut?kind=api", "/s/emitter-cut?kind=api" })
	void anApiExceptionAfterTheFirstBytesIsNotWrittenIntoTheBody(String target) {
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", target, "X-Request-ID", "a72-cut-api");

		assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
		assertThat(answer.body()).as(answer.describe()).doesNotContain("SERVICE_UNAVAILABLE", "\"status\":503");
		assertThat(answer.chunkedComplete()).as("a stream that failed must not end as complete: %s", answer.describe())
			.isFalse();
	}

	/**
	 * Found by an attack (helper-72), fixed. A stream that fails with a {@code ResponseStatusException(503)} after its first bytes
	 * ({@code GET /s/stream-cut?kind=rse}, {@code GET /s/sse-cut?kind=rse}): the starter logs it,
	 * then Spring's {@code ResponseEntityExceptionHandler} logs "Response already committed.
	 * Ignoring" and the request counts as handled, so the chunked body ends with its last chunk
	 * ({@code 0\r\n\r\n}): the client, a proxy or a cache takes the truncated stream for the whole
	 * answer. docs/errors.md promises the response is aborted "rather than ending it as if it were
	 * complete".
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/s/stream-cut?kind=rse", "/s/sse-cut?kind=rse" })
	void aStatusExceptionAfterTheFirstBytesDoesNotEndTheStreamAsComplete(String target) {
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", target, "X-Request-ID", "a72-cut-rse");

		assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
		assertThat(answer.chunked()).as(answer.describe()).isTrue();
		assertThat(answer.chunkedComplete()).as("a stream that failed must not end as complete: %s", answer.describe())
			.isFalse();
	}

	/**
	 * An {@code SseEmitter} that sent one event and then completes with an error ends cut:
	 * one status line, the event, no problem and no last chunk.
	 */
	@Test
	void serverSentEventsFailingAfterTheFirstEventAreCut() {
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", "/s/sse-cut?kind=ise", "Accept",
				"text/event-stream", "X-Request-ID", "a72-sse-cut");

		assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
		assertThat(answer.statusLines()).isEqualTo(1);
		assertThat(answer.body()).as(answer.describe()).contains("data:one").doesNotContain("\"code\"", "{");
		assertThat(answer.chunkedComplete()).as(answer.describe()).isFalse();
	}

	/**
	 * Found by an attack (helper-72), fixed. {@code GET /s/sse-cut?kind=ise} with {@code Accept: text/event-stream}, an
	 * {@code SseEmitter} that sent one event and then completes with an {@code IllegalStateException}:
	 * {@code dev.hardening.errors} logs the failure at ERROR with the request ID, and then a second
	 * ERROR, without any request ID, "Unexpected error on GET /s/sse-cut" for an
	 * {@code HttpMessageNotWritableException} ("No converter for ProblemDetail with preset
	 * Content-Type 'text/event-stream'"), the starter's own failed attempt to write a problem into
	 * the event stream on Tomcat's error include. docs/errors.md: "5xx failures are logged by the
	 * dev.hardening.errors logger, once, with the request ID in the MDC"; an operator now pages on two
	 * errors, one of them a phantom that no support ticket can be matched to.
	 */
	@Test
	void serverSentEventsFailingAfterTheFirstEventAreLoggedOnceWithTheRequestId() {
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", "/s/sse-cut?kind=ise", "Accept",
				"text/event-stream", "X-Request-ID", "a72-sse-once");
		this.access.awaitOf("a72-sse-once");

		assertThat(answer.status()).isEqualTo(200);
		List<ILoggingEvent> errors = starters();
		assertThat(errors).as(describe(errors)).hasSize(1);
		assertThat(errors.get(0).getLevel()).isEqualTo(Level.ERROR);
		assertThat(errors.get(0).getFormattedMessage()).isEqualTo("Unexpected error on GET /s/sse-cut");
		assertThat(errors.get(0).getMDCPropertyMap()).containsEntry("requestId", "a72-sse-once");
	}

	/**
	 * Found by an attack (helper-72), fixed. {@code GET /s/sse-cut?kind=api}: an {@code SseEmitter} that sent one event, then completes
	 * with an {@code UnavailableException}. {@code dev.hardening.errors} logs "Answered GET
	 * /s/sse-cut with 503 SERVICE_UNAVAILABLE" twice (once per attempt of
	 * {@code ApiExceptionHandler}, whose problem cannot be written as {@code text/event-stream}),
	 * then an ERROR without request ID for the {@code HttpMessageNotWritableException}, beside
	 * Spring's and Tomcat's own lines. One failure, one line with the request ID (docs/errors.md,
	 * Concepts: "logged once").
	 */
	@Test
	void anApiExceptionAfterTheFirstEventIsLoggedOnceWithTheRequestId() {
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", "/s/sse-cut?kind=api", "Accept",
				"text/event-stream", "X-Request-ID", "a72-sse-api-once");
		this.access.awaitOf("a72-sse-api-once");

		assertThat(answer.status()).isEqualTo(200);
		List<ILoggingEvent> lines = starters();
		assertThat(lines).as(describe(lines)).hasSize(1);
		assertThat(lines.get(0).getMDCPropertyMap()).containsEntry("requestId", "a72-sse-api-once");
	}

	/**
	 * Found by an attack (helper-72), fixed. {@code GET /s/stream-cut?kind=ise&q=a%0D%0AINFO+forged}: a {@code StreamingResponseBody}
	 * fails after 64 KB with an exception whose message quotes the client's {@code q}. The starter's
	 * own line escapes it ({@code EscapedFailure}), but the failure is rethrown as it is, and Tomcat
	 * logs it twice at ERROR ("Servlet.service() for servlet [dispatcherServlet] threw exception",
	 * no request ID) with the client's CR LF raw, so a text log shows a forged {@code INFO forged}
	 * line. docs/errors.md: "Where a message anywhere in the failure's chain holds a line break...
	 * the stack trace is logged as an escaped copy, so that a client cannot start a forged line in a
	 * text log". The right answer: what the starter rethrows for the container to abort carries
	 * nothing of the client's unescaped (an escaped copy, or an exception of its own).
	 */
	@Test
	void noLineLoggedForACommittedFailureCarriesTheClientsLineBreak() {
		StreamWire.Answer answer = StreamWire.exchange(this.port, "GET", "/s/stream-cut?kind=ise&q=a" + FORGED,
				"X-Request-ID", "a72-forged");
		this.access.awaitOf("a72-forged");

		assertThat(answer.status()).isEqualTo(200);
		assertThat(starters()).isNotEmpty();
		for (ILoggingEvent event : this.log.events()) {
			StringBuilder text = new StringBuilder(event.getFormattedMessage());
			for (IThrowableProxy link = event.getThrowableProxy(); link != null; link = link.getCause()) {
				text.append('|').append(link.getMessage());
			}
			assertThat(text.toString()).as("%s by %s", event.getLevel(), event.getLoggerName())
				.doesNotContain("\r", "\n");
		}
	}

	private List<ILoggingEvent> starters() {
		return this.log.events().stream().filter((event) -> "dev.hardening.errors".equals(event.getLoggerName())).toList();
	}

	private static String describe(List<ILoggingEvent> events) {
		StringBuilder all = new StringBuilder();
		for (ILoggingEvent event : events) {
			all.append('\n')
				.append(event.getLevel())
				.append(" [")
				.append(event.getMDCPropertyMap().get("requestId"))
				.append("] ")
				.append(event.getFormattedMessage());
			if (event.getThrowableProxy() != null) {
				all.append(" !! ").append(event.getThrowableProxy().getClassName());
			}
		}
		return all.toString();
	}

}
