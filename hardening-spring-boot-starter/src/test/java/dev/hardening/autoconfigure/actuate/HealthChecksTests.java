package dev.hardening.autoconfigure.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class HealthChecksTests {

	private final HealthChecks checks = new HealthChecks(Duration.ofSeconds(30), Duration.ofHours(1));

	@AfterEach
	void close() {
		this.checks.destroy();
	}

	@Test
	void callersArrivingDuringARunShareItAndLaterOnesGetItsResult() throws Exception {
		BlockingCheck check = new BlockingCheck();
		HealthIndicator db = this.checks.guard("db", check);

		ExecutorService threads = Executors.newFixedThreadPool(20);
		try {
			CountDownLatch arrived = new CountDownLatch(20);
			List<CompletableFuture<Health>> callers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				callers.add(CompletableFuture.supplyAsync(() -> {
					arrived.countDown();
					return db.health();
				}, threads));
			}
			assertThat(check.started.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
			check.release.countDown();

			for (CompletableFuture<Health> caller : callers) {
				assertThat(caller.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.UP);
			}
		}
		finally {
			threads.shutdown();
		}
		assertThat(db.health().getStatus()).isEqualTo(Status.UP);
		assertThat(check.runs).hasValue(1);
	}

	@Test
	void askingForOneCheckStartsTheOthersSoTheyRunTogether() throws Exception {
		BlockingCheck db = new BlockingCheck();
		BlockingCheck redis = new BlockingCheck();
		HealthIndicator dbIndicator = this.checks.guard("db", db);
		this.checks.guard("redis", redis);

		CompletableFuture<Health> caller = CompletableFuture.supplyAsync(dbIndicator::health);

		// redis started although only db was asked for, while db is still running
		assertThat(redis.started.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(caller).isNotDone();
		db.release.countDown();
		redis.release.countDown();
		assertThat(caller.get(30, TimeUnit.SECONDS).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aHungCheckIsDownWithTimeoutAndIsNotStartedAgainWhileItHangs(CapturedOutput output) throws Exception {
		HealthChecks impatient = new HealthChecks(Duration.ofMillis(50), Duration.ZERO);
		try {
			BlockingCheck check = new BlockingCheck();
			HealthIndicator db = impatient.guard("db", check);

			Health first = db.health();
			assertThat(check.started.await(30, TimeUnit.SECONDS)).isTrue();
			Health second = db.health();

			assertThat(first.getStatus()).isEqualTo(Status.DOWN);
			assertThat(first.getDetails()).containsEntry("error", "timeout").containsEntry("timeout", "50ms");
			assertThat(second.getStatus()).isEqualTo(Status.DOWN);
			assertThat(check.runs).hasValue(1);
			// the line operations.md quotes; read before the check is let go, whose end logs "UP again"
			assertThat(output.getOut().lines().filter((line) -> line.contains("Health check 'db'"))).singleElement()
				.asString()
				.contains("WARN")
				.endsWith("Health check 'db' is DOWN: timeout");
			check.release.countDown();
		}
		finally {
			impatient.destroy();
		}
	}

	@Test
	void aResultServesForTheTtlAndTheFirstCallerAfterItChecksOnceForAll() throws Exception {
		AtomicLong now = new AtomicLong();
		HealthChecks clocked = new HealthChecks(Duration.ofSeconds(30), Duration.ofSeconds(5), now::get);
		ExecutorService threads = Executors.newFixedThreadPool(20);
		try {
			AtomicInteger runs = new AtomicInteger();
			HealthIndicator db = clocked.guard("db", () -> Health.up().withDetail("run", runs.incrementAndGet()).build());

			assertThat(db.health().getDetails()).containsEntry("run", 1);
			now.addAndGet(Duration.ofMillis(4999).toNanos());
			assertThat(db.health().getDetails()).containsEntry("run", 1);
			now.addAndGet(Duration.ofMillis(1).toNanos());
			List<CompletableFuture<Health>> callers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				callers.add(CompletableFuture.supplyAsync(db::health, threads));
			}
			for (CompletableFuture<Health> caller : callers) {
				assertThat(caller.get(30, TimeUnit.SECONDS).getDetails()).containsEntry("run", 2);
			}
			assertThat(runs).hasValue(2);
		}
		finally {
			threads.shutdown();
			clocked.destroy();
		}
	}

	@Test
	void aCheckThatDiesOfAnErrorIsDownAndCheckedAgainNextTime() {
		HealthChecks untimed = new HealthChecks(Duration.ofSeconds(30), Duration.ZERO);
		try {
			AtomicInteger runs = new AtomicInteger();
			HealthIndicator db = untimed.guard("db", () -> {
				if (runs.incrementAndGet() == 1) {
					throw new StackOverflowError();
				}
				return Health.up().build();
			});

			assertThat(db.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(db.health().getStatus()).isEqualTo(Status.UP);
			assertThat(runs).hasValue(2);
		}
		finally {
			untimed.destroy();
		}
	}

	@Test
	void logsEachChangeOfStatusOnceHoweverTheFailureChanges(CapturedOutput output) {
		HealthChecks untimed = new HealthChecks(Duration.ofSeconds(30), Duration.ZERO);
		try {
			AtomicInteger runs = new AtomicInteger();
			HealthIndicator db = untimed.guard("flaky-db", () -> switch (runs.incrementAndGet()) {
				case 1 -> throw new IllegalStateException("refused");
				case 2 -> throw new java.io.UncheckedIOException(new java.io.IOException("reset"));
				case 3 -> Health.down().withDetail("error", "disk full").build();
				case 4 -> Health.up().build();
				case 5 -> Health.up().build();
				default -> throw new IllegalStateException("refused again");
			});

			for (int i = 0; i < 6; i++) {
				db.health();
			}

			assertThat(output.getOut().lines().filter((line) -> line.contains("Health check 'flaky-db' is")))
				.hasSize(3)
				.satisfiesExactly(
						(line) -> assertThat(line).contains(" WARN ").contains("Health check 'flaky-db' is DOWN: "),
						// as operations.md quotes it, at INFO
						(line) -> assertThat(line).contains(" INFO ").endsWith(" Health check 'flaky-db' is UP again"),
						(line) -> assertThat(line).contains(" WARN ").contains("is DOWN"));
		}
		finally {
			untimed.destroy();
		}
	}

	@Test
	void aFailingCheckIsDownWithoutItsMessage() {
		HealthIndicator db = this.checks.guard("db", () -> {
			throw new IllegalStateException("could not reach db.internal:5432 as admin");
		});

		Health health = db.health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", IllegalStateException.class.getName());
		assertThat(health.toString()).doesNotContain("db.internal");
	}

	private static final class BlockingCheck implements HealthIndicator {

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		private final AtomicInteger runs = new AtomicInteger();

		@Override
		public Health health() {
			this.runs.incrementAndGet();
			this.started.countDown();
			try {
				this.release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Health.up().build();
		}

	}

}
