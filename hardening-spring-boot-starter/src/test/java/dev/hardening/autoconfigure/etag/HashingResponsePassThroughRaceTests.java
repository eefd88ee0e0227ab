package dev.hardening.autoconfigure.etag;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An asynchronous {@code GET} answer (a {@code ResponseBodyEmitter}'s, say) is written by the
 * application's thread while the request's thread, the handler having returned, lets the held
 * body through untagged: the client must get every byte, in the order written, whichever of the
 * two comes first. The same race lost and reordered chunks of idempotent answers
 * ({@code RecordingResponseReleaseRaceTests}). It holds here because every write of an
 * asynchronous answer takes the wrapper's lock to pass through ({@code streams()}); without that
 * rule this test fails within a few hundred rounds.
 */
class HashingResponsePassThroughRaceTests {

	private static final int ROUNDS = 100_000;

	@Test
	void passingThroughWhileTheApplicationWritesLosesAndReordersNothing() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				MockHttpServletRequest request = new MockHttpServletRequest("GET", "/events");
				request.setAsyncStarted(true);
				MockHttpServletResponse client = new MockHttpServletResponse();
				HashingResponseWrapper wrapper = new HashingResponseWrapper(request, client, 64 * 1024);
				CountDownLatch go = new CountDownLatch(1);
				Future<?> application = threads.submit(() -> {
					go.await();
					wrapper.getOutputStream().write("emitted ".getBytes(StandardCharsets.US_ASCII));
					wrapper.getOutputStream().write("run".getBytes(StandardCharsets.US_ASCII));
					return null;
				});
				Future<?> requestThread = threads.submit(() -> {
					go.await();
					wrapper.passThrough();
					return null;
				});
				go.countDown();
				application.get();
				requestThread.get();

				assertThat(client.getContentAsString()).as("round %d", round).isEqualTo("emitted run");
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
