package dev.hardening.autoconfigure.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.hardening.audit.AuditEvent;
import dev.hardening.audit.AuditLog;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Writes the events of {@code @Audited} calls from a bounded queue on a thread of its own, so that an audited call does not wait
 * for the sink. Nothing is dropped: when the queue is full, the caller writes its event itself;
 * once stopping (the application shuts down, after the web server has finished its requests), new
 * events are written by their callers and the queue is drained before the sink's resources close.
 * An event the sink refuses is counted and logged without its values, as with {@code fail-mode:
 * open}, the only mode it serves.
 */
final class AsyncAuditLog implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(AsyncAuditLog.class);

	/** Stops after the web server (which stops at {@code DEFAULT_PHASE - 1024} and {@code - 2048}). */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** Wakes the writer when stopping; never written. */
	private static final AuditEvent WAKE_UP = AuditEvent.success(java.time.Instant.EPOCH, "wake-up", "queue", null, null);

	private final AuditLog sink;

	private final BlockingQueue<AuditEvent> queue;

	private final Runnable failures;

	private final Object lifecycle = new Object();

	private final ReadWriteLock gate = new ReentrantReadWriteLock();

	private volatile boolean accepting;

	private @Nullable Thread writer;

	AsyncAuditLog(AuditLog sink, int capacity, Runnable failures) {
		this.sink = sink;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.failures = failures;
	}

	/**
	 * Queues an event, or writes it in the caller when the queue is full or stopped.
	 * @param event the event
	 */
	void record(AuditEvent event) {
		boolean queued;
		// read-locked so that no event is queued once stop() has stopped accepting: it would be left behind
		this.gate.readLock().lock();
		try {
			queued = this.accepting && this.queue.offer(event);
		}
		finally {
			this.gate.readLock().unlock();
		}
		if (!queued) {
			// not running, or full: the caller writes it, and so waits, rather than lose it
			write(event);
		}
	}

	private void write(AuditEvent event) {
		try {
			this.sink.record(event);
		}
		catch (RuntimeException ex) {
			this.failures.run();
			logger.warn("An audit event could not be written (asynchronous, fail-mode open): {}",
					ex.getClass().getSimpleName());
		}
	}

	private void run() {
		List<AuditEvent> batch = new ArrayList<>();
		while (this.accepting || !this.queue.isEmpty()) {
			try {
				AuditEvent first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, 255);
				for (AuditEvent event : batch) {
					if (event != WAKE_UP) {
						write(event);
					}
				}
				batch.clear();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		// interrupted, or stopped: what is left is written here
		for (AuditEvent event = this.queue.poll(); event != null; event = this.queue.poll()) {
			if (event != WAKE_UP) {
				write(event);
			}
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycle) {
			if (this.writer != null) {
				return;
			}
			this.accepting = true;
			Thread thread = new Thread(this::run, "hardening-audit-writer");
			thread.setDaemon(false);
			this.writer = thread;
			thread.start();
		}
	}

	@Override
	public void stop() {
		Thread thread;
		synchronized (this.lifecycle) {
			thread = this.writer;
			this.gate.writeLock().lock();
			try {
				this.accepting = false;
			}
			finally {
				this.gate.writeLock().unlock();
			}
			this.writer = null;
		}
		// a full queue needs no waking: its writer is busy and sees the stop after this batch
		this.queue.offer(WAKE_UP);
		if (thread != null) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// the writer has drained the queue, and nothing is queued since accepting stopped; this is
		// for a writer that was interrupted
		for (AuditEvent event = this.queue.poll(); event != null; event = this.queue.poll()) {
			if (event != WAKE_UP) {
				write(event);
			}
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycle) {
			return this.writer != null;
		}
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** How many events wait, for tests. */
	int waiting() {
		return this.queue.size();
	}

}
