package dev.hardening.resilience;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bulkhead permits of timed attempts, when the threads that run them are all busy.
 */
class ResiliencePolicyPermitTests {

	@Test
	void aTimedAttemptGivenUpWhileStillQueuedGivesItsBulkheadPermitBack() throws Exception {
		// one thread, held busy: every timed attempt waits in the queue until it is given up
		InterruptingExecutor executor = new InterruptingExecutor();
		CountDownLatch busy = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
		ResilienceConfig config = ResilienceConfig.custom().maxAttempts(1).maxConcurrentCalls(1).breakerEnabled(false).build();
		ResiliencePolicy queued = ResiliencePolicy.builder("payments", ResilienceConfig.from(config).timeout(Duration.ofMillis(1)).build())
			.timeoutExecutor(executor)
			.bulkheads(bulkheads)
			.build();
		// the same bulkhead, with time enough to run once the thread is free
		ResiliencePolicy patient = ResiliencePolicy.builder("payments", ResilienceConfig.from(config).timeout(Duration.ofMinutes(1)).build())
			.timeoutExecutor(executor)
			.bulkheads(bulkheads)
			.build();
		Bulkhead bulkhead = queued.bulkhead().orElseThrow();
		assertThat(patient.bulkhead()).containsSame(bulkhead);
		try {
			executor.execute(() -> {
				busy.countDown();
				awaitQuietly(release);
			});
			assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

			for (int round = 0; round < 50; round++) {
				if (round % 2 == 0) {
					assertThatExceptionOfType(AttemptTimeoutException.class)
						.isThrownBy(() -> queued.execute(() -> "never runs"));
				}
				else {
					// the caller is interrupted once the attempt is queued, so it stops waiting at once
					executor.interruptCallerOnNextSubmit = true;
					assertThatExceptionOfType(CancellationException.class)
						.isThrownBy(() -> queued.execute(() -> "never runs"));
					assertThat(Thread.interrupted()).isTrue();
				}
				assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).as("round %d", round).isEqualTo(1);
			}

			release.countDown();
			assertThat(patient.execute(() -> "runs")).isEqualTo("runs");
			assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(1);
		}
		finally {
			release.countDown();
			executor.shutdownNow();
		}
	}

	/**
	 * One thread; on request, interrupts the caller right after it queued a task: the policy has
	 * its permits then, and is about to wait for the attempt.
	 */
	private static final class InterruptingExecutor extends ThreadPoolExecutor {

		volatile boolean interruptCallerOnNextSubmit;

		InterruptingExecutor() {
			super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		}

		@Override
		public <T> Future<T> submit(Callable<T> task) {
			Future<T> future = super.submit(task);
			if (this.interruptCallerOnNextSubmit) {
				this.interruptCallerOnNextSubmit = false;
				Thread.currentThread().interrupt();
			}
			return future;
		}

	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
