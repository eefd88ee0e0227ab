package dev.hardening.autoconfigure.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An asynchronous answer is written by the application's thread (a {@code ResponseBodyEmitter}'s,
 * say) while the request's thread releases the recording once the handler returns: the client
 * must get every byte the recording keeps, in the order written, whichever of the two comes first.
 * Found in a full build: 1 emitter answer in about 2,000 reached the client without its first
 * chunk, or with its chunks swapped, while the stored copy was whole.
 */
class RecordingResponseReleaseRaceTests {

	private static final int ROUNDS = 100_000;

	@Test
	void aReleaseRacingTheApplicationsWritesLosesAndReordersNothing() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				MockHttpServletResponse client = new MockHttpServletResponse();
				RecordingResponse recording = new RecordingResponse(client, 1 << 20);
				CountDownLatch go = new CountDownLatch(1);
				Future<?> application = threads.submit(() -> {
					go.await();
					recording.getOutputStream().write("emitted ".getBytes(StandardCharsets.US_ASCII));
					recording.getOutputStream().flush();
					recording.getOutputStream().write("run".getBytes(StandardCharsets.US_ASCII));
					recording.getOutputStream().flush();
					return null;
				});
				Future<?> request = threads.submit(() -> {
					go.await();
					recording.release();
					return null;
				});
				go.countDown();
				application.get();
				request.get();

				assertThat(client.getContentAsString()).as("round %d", round).isEqualTo("emitted run");
				assertThat(new String(recording.body(), StandardCharsets.US_ASCII)).isEqualTo("emitted run");
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
