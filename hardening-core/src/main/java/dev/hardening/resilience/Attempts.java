package dev.hardening.resilience;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import org.jspecify.annotations.Nullable;

/**
 * Runs one attempt that holds a bulkhead permit, and gives the permit back exactly once: when the
 * attempt ends, or, for a timed attempt that the caller gave up before a thread took it, when the
 * caller gives it up. A permit given back twice would let more calls in than the bulkhead allows;
 * one never given back would turn every later call away as busy.
 */
final class Attempts {

	private Attempts() {
	}

	/** Runs an attempt on this thread, giving its bulkhead permit back when it ends. */
	static <T> T holding(Callable<T> attempt, @Nullable Bulkhead bulkhead) throws Exception {
		try {
			return attempt.call();
		}
		finally {
			release(bulkhead);
		}
	}

	/**
	 * Runs an attempt on another thread and waits for it at most {@code timeout}. The permit stays
	 * with an attempt that started until it really ends, so abandoned attempts still count.
	 */
	static <T> T timed(Callable<T> attempt, Duration timeout, @Nullable Bulkhead bulkhead,
			@Nullable ExecutorService executor, String policy) throws Exception {
		// whoever sets it first owns the permit: the attempt, to run, or the caller, to give up
		AtomicBoolean claimed = new AtomicBoolean();
		Future<T> future;
		try {
			future = ((executor != null) ? executor : TimeoutThreads.EXECUTOR).submit(() -> {
				if (!claimed.compareAndSet(false, true)) {
					return null; // given up while queued; nobody reads this
				}
				return holding(attempt, bulkhead);
			});
		}
		catch (RuntimeException ex) {
			release(bulkhead);
			throw ex;
		}
		try {
			return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			giveUp(future, claimed, bulkhead);
			throw new AttemptTimeoutException(policy, timeout);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
		catch (InterruptedException ex) {
			giveUp(future, claimed, bulkhead);
			throw ex;
		}
	}

	private static void giveUp(Future<?> future, AtomicBoolean claimed, @Nullable Bulkhead bulkhead) {
		future.cancel(true);
		if (claimed.compareAndSet(false, true)) {
			// it never started and never will: its permit is the caller's to give back
			release(bulkhead);
		}
	}

	private static void release(@Nullable Bulkhead bulkhead) {
		if (bulkhead != null) {
			bulkhead.onComplete();
		}
	}

	/** Threads for timed attempts, made when first needed. */
	private static final class TimeoutThreads {

		private static final AtomicInteger COUNT = new AtomicInteger();

		static final ExecutorService EXECUTOR = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "hardening-resilience-" + COUNT.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});

	}

}
