package dev.hardening.autoconfigure.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.AuditLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue of asynchronous audit writes loses nothing: not when the application stops while calls
 * are recording (a race, a thousand rounds), not when the queue is full (the caller writes), and
 * an event the sink refuses is counted.
 */
class AsyncAuditLogTests {

	@Test
	void stoppingWhileCallsRecordLosesNoEventAndWritesNoneTwice() throws Exception {
		for (int round = 0; round < 1000; round++) {
			Set<String> written = ConcurrentHashMap.newKeySet();
			AtomicInteger writes = new AtomicInteger();
			AsyncAuditLog queue = new AsyncAuditLog((event) -> {
				written.add(event.resourceId());
				writes.incrementAndGet();
			}, 16, () -> {
			});
			queue.start();
			int threads = 4;
			int each = 25;
			CountDownLatch start = new CountDownLatch(1);
			List<Thread> callers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				Thread caller = new Thread(() -> {
					awaitQuietly(start);
					for (int i = 0; i < each; i++) {
						queue.record(event(thread + "-" + i));
					}
				});
				callers.add(caller);
				caller.start();
			}
			start.countDown();
			// the application shuts down while the calls go on
			queue.stop();
			for (Thread caller : callers) {
				caller.join();
			}
			assertThat(written).as("round %d", round).hasSize(threads * each);
			assertThat(writes).as("round %d", round).hasValue(threads * each);
			assertThat(queue.isRunning()).isFalse();
		}
	}

	@Test
	void aFullQueueIsWrittenByTheCaller() throws Exception {
		CountDownLatch writerHeld = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> threads = new CopyOnWriteArrayList<>();
		AsyncAuditLog queue = new AsyncAuditLog((event) -> {
			threads.add(Thread.currentThread().getName() + ":" + event.resourceId());
			if (event.resourceId().equals("1")) {
				writerHeld.countDown();
				awaitQuietly(release);
			}
		}, 1, () -> {
		});
		queue.start();
		queue.record(event("1"));
		writerHeld.await();
		queue.record(event("2"));
		// the queue holds 2 and the writer is held on 1: the caller writes 3 itself
		queue.record(event("3"));
		assertThat(threads).contains(Thread.currentThread().getName() + ":3");
		release.countDown();
		queue.stop();
		assertThat(threads).containsExactlyInAnyOrder("hardening-audit-writer:1", "hardening-audit-writer:2",
				Thread.currentThread().getName() + ":3");
	}

	@Test
	void anEventTheSinkRefusesIsCounted() {
		AtomicInteger failures = new AtomicInteger();
		AuditLog refusing = (event) -> {
			throw new IllegalStateException("down");
		};
		AsyncAuditLog queue = new AsyncAuditLog(refusing, 8, failures::incrementAndGet);
		queue.start();
		queue.record(event("1"));
		queue.record(event("2"));
		queue.stop();
		assertThat(failures).hasValue(2);
		assertThat(queue.waiting()).isZero();
	}

	private static AuditEvent event(String id) {
		return new AuditEvent(Instant.EPOCH, "project.update", "project", id, AuditEvent.Outcome.SUCCESS, null, null, null,
				null, null, null, Map.of());
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
