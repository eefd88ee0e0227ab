package dev.hardening.autoconfigure.web;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks of helper-72 that hold. The ETag filter and streams, under the starter's defaults
 * ({@code max-buffer-size} 1 MB): a {@code StreamingResponseBody} and an {@code SseEmitter} whose
 * handler waits on a latch after its first part. The client releases the latch only once the first
 * part has reached it, so a filter that held the stream back until the handler ended (to hash it,
 * or to answer {@code 304}) shows as a handler that gave up waiting, or a missing first part.
 * docs/conditional-requests.md: streams (server-sent events, {@code StreamingResponseBody}) go out
 * as they are written, untagged; a conditional {@code GET} of one is answered by the stream, never by
 * a {@code 304} after the handler ran.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = StreamAttackApplication.class,
		properties = { "spring.mvc.async.request-timeout=60s", "hardening.web.access-log.slow-threshold=1h" })
class StreamConditionalRequestTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "/s/slow-stream|first|", "/s/slow-stream|first|*",
			"/s/slow-stream|first|W/\"AAAAAAAAAAAAAA\"", "/s/slow-sse|data:first|", "/s/slow-sse|data:first|*" })
	void aStreamGoesOutAsItIsWrittenWhateverItsConditions(String path, String marker, String ifNoneMatch) {
		String id = UUID.randomUUID().toString();
		String[] headers = (ifNoneMatch != null) ? new String[] { "If-None-Match", ifNoneMatch } : new String[0];
		StreamWire.Answer answer = StreamWire.exchangeReleasing(this.port, "GET", path + "?id=" + id, marker,
				() -> StreamAttackApplication.release(id).countDown(), headers);

		assertThat(answer.ending()).as(answer.describe()).isEqualTo("EOF");
		assertThat(answer.status()).as(answer.describe()).isEqualTo(200);
		assertThat(answer.body()).as("the first part was held back until the handler ended")
			.contains("released")
			.doesNotContain("gave up");
		assertThat(answer.headers("ETag")).isEmpty();
		assertThat(answer.chunkedComplete()).isTrue();
	}

	/**
	 * A {@code HEAD} of server-sent events: its headers arrive while the emitter still waits, with
	 * the event stream's type and no body, and the request ends when the emitter completes.
	 */
	@Test
	void aHeadOfServerSentEventsAnswersWithHeadersWhileTheEmitterWaits() {
		String id = UUID.randomUUID().toString();
		StreamWire.Answer answer = StreamWire.exchangeReleasing(this.port, "HEAD", "/s/slow-sse?id=" + id, "\r\n\r\n",
				() -> StreamAttackApplication.release(id).countDown());

		assertThat(answer.ending()).as(answer.describe()).isEqualTo("EOF");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.headers("Content-Type")).singleElement().asString().startsWith("text/event-stream");
		assertThat(answer.body()).isEmpty();
		assertThat(answer.headers("ETag")).isEmpty();
	}

}
