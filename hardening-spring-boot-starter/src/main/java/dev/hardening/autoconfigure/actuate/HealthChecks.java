package dev.hardening.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.hardening.web.LogValues;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs the checks of the application's dependencies so that health endpoints cost them little
 * and never hang. Each {@linkplain #guard guarded} check:
 * <ul>
 * <li>reuses its last result for the cache TTL, whichever health path (root, group, probe) and
 * however many callers ask;</li>
 * <li>has at most one run in flight: callers arriving during a run wait for that run;</li>
 * <li>gives up after the timeout: a dependency that does not answer is {@code DOWN} with the
 * detail {@code timeout}, while the run goes on in the background and no second one starts;</li>
 * <li>starts the stale checks of the other dependencies when it starts its own, so a health
 * request waits for the slowest check, not for their sum (Actuator asks them one by one).</li>
 * </ul>
 * A check's exception becomes {@code DOWN} with the exception's class name only: messages of
 * drivers name hosts and users, which health details must not show. The message goes to the
 * log, once when a check goes down or fails differently.
 */
final class HealthChecks implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(HealthChecks.class);

	private final long timeoutNanos;

	private final long ttlNanos;

	private final String timeoutText;

	private final ExecutorService executor;

	private final LongSupplier nanoTime;

	private final List<Guarded> checks = new CopyOnWriteArrayList<>();

	HealthChecks(Duration timeout, Duration ttl) {
		this(timeout, ttl, System::nanoTime);
	}

	HealthChecks(Duration timeout, Duration ttl, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.timeoutNanos = timeout.toNanos();
		this.ttlNanos = ttl.toNanos();
		this.timeoutText = timeout.toMillis() + "ms";
		// a thread per dependency at most, since each has at most one run in flight
		CustomizableThreadFactory threads = new CustomizableThreadFactory("hardening-health-");
		threads.setDaemon(true);
		this.executor = Executors.newCachedThreadPool(threads);
	}

	/**
	 * Wraps a check of a dependency.
	 * @param name the dependency, for the log
	 * @param check the check itself, which may block
	 * @return the indicator to register
	 */
	HealthIndicator guard(String name, HealthIndicator check) {
		Guarded guarded = new Guarded(name, check);
		this.checks.add(guarded);
		return guarded;
	}

	/**
	 * Tells whether a check of this name is guarded here.
	 * @param name a health contributor name
	 * @return whether it is one of ours
	 */
	boolean isGuarded(String name) {
		for (Guarded check : this.checks) {
			if (check.name.equals(name)) {
				return true;
			}
		}
		return false;
	}

	private long now() {
		return this.nanoTime.getAsLong();
	}

	private void refreshOthers(Guarded asking) {
		for (Guarded check : this.checks) {
			if (check != asking) {
				check.startIfStale(false);
			}
		}
	}

	/**
	 * Runs every check once as the application becomes ready, so that the first probe finds a
	 * started pool and a connected Redis rather than paying for both within its timeout.
	 * @param event the event
	 */
	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.checks.forEach((check) -> check.startIfStale(true));
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	private final class Guarded implements HealthIndicator {

		private final String name;

		private final HealthIndicator check;

		private final Object lock = new Object();

		private @Nullable Result last;

		/** The status last logged; a check starts out presumed up, so its first failure is logged. */
		private Status logged = Status.UP;

		private @Nullable Run running;

		Guarded(String name, HealthIndicator check) {
			this.name = name;
			this.check = check;
		}

		@Override
		public Health health() {
			Run run;
			synchronized (this.lock) {
				Result cached = this.last;
				if (cached != null && isFresh(cached)) {
					return cached.health();
				}
				run = start(false);
			}
			refreshOthers(this);
			return await(run);
		}

		void startIfStale(boolean warmUp) {
			synchronized (this.lock) {
				Result cached = this.last;
				if (cached == null || !isFresh(cached)) {
					start(warmUp);
				}
			}
		}

		private boolean isFresh(Result result) {
			return now() - result.at() < HealthChecks.this.ttlNanos;
		}

		// called with the lock held
		private Run start(boolean warmUp) {
			Run current = this.running;
			if (current != null) {
				return current;
			}
			CompletableFuture<Checked> future = new CompletableFuture<>();
			Run run = new Run(future, now() + HealthChecks.this.timeoutNanos, warmUp);
			this.running = run;
			try {
				HealthChecks.this.executor.execute(() -> complete(run, runCheck()));
			}
			catch (RuntimeException ex) {
				// the executor is shut down: the application is closing
				complete(run, new Checked(Health.unknown().withDetail("error", "closing").build(), null));
			}
			return run;
		}

		// the run is recorded and its change of status logged before its waiters see its answer, so
		// a caller that got an answer sees its log line and starts the next run afresh
		private void complete(Run run, Checked checked) {
			finished(run, checked);
			run.future().complete(checked);
		}

		private Checked runCheck() {
			try {
				return new Checked(this.check.health(), null);
			}
			catch (RuntimeException | Error ex) {
				// even a check that died of an Error must not stay in flight
				return new Checked(Health.down().withDetail("error", ex.getClass().getName()).build(), ex);
			}
		}

		private void finished(Run run, Checked checked) {
			Result previous;
			synchronized (this.lock) {
				previous = this.last;
				// a failed warm-up, which nobody asked for, is not kept: the first caller checks afresh
				if (!run.warmUp() || Status.UP.equals(checked.health().getStatus())) {
					this.last = new Result(checked.health(), now());
				}
				if (this.running == run) {
					this.running = null;
				}
			}
			logTransition(previous, checked.health(), checked.failure());
		}

		private Health await(Run run) {
			try {
				long remaining = Math.max(0, run.deadline() - now());
				return run.future().get(remaining, TimeUnit.NANOSECONDS).health();
			}
			catch (TimeoutException ex) {
				return timedOut(run);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Health.unknown().withDetail("error", "interrupted").build();
			}
			catch (ExecutionException ex) {
				return Health.down().withDetail("error", ex.getCause().getClass().getName()).build();
			}
		}

		private Health timedOut(Run run) {
			Health health = Health.down()
				.withDetail("error", "timeout")
				.withDetail("timeout", HealthChecks.this.timeoutText)
				.build();
			Result previous;
			synchronized (this.lock) {
				previous = this.last;
				if (this.running != run || (previous != null && previous.health().equals(health))) {
					return health;
				}
				// callers within the TTL get this answer at once; the run may still finish and replace it
				this.last = new Result(health, now());
			}
			logTransition(previous, health, null);
			return health;
		}

		private void logTransition(@Nullable Result previous, Health now, @Nullable Throwable failure) {
			// one line per change of status: a check that fails in a new way, or whose failed warm-up
			// was not kept, is still the same outage
			synchronized (this.lock) {
				if (this.logged.equals(now.getStatus())) {
					return;
				}
				this.logged = now.getStatus();
			}
			if (Status.UP.equals(now.getStatus())) {
				logger.info("Health check '{}' is {} again", this.name, now.getStatus());
			}
			else {
				Object error = (failure != null) ? failure : now.getDetails().get("error");
				logger.warn("Health check '{}' is {}: {}", this.name, now.getStatus(),
						LogValues.safe(String.valueOf(error), 300));
			}
		}

	}

	private record Result(Health health, long at) {
	}

	private record Run(CompletableFuture<Checked> future, long deadline, boolean warmUp) {
	}

	private record Checked(Health health, @Nullable Throwable failure) {
	}

}
