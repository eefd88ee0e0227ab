package dev.hardening.deadline;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.hardening.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class DeadlineTests {

	private final AtomicLong nanos = new AtomicLong(1_000);

	@Test
	void countsDownOnTheMonotonicClockAndExpiresExactlyAtItsBudget() {
		Deadline deadline = Deadline.after(Duration.ofSeconds(2), this.nanos.get(), this.nanos::get);

		this.nanos.addAndGet(Duration.ofMillis(1500).toNanos());
		assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(500));
		assertThat(deadline.isExpired()).isFalse();
		assertThatNoException().isThrownBy(deadline::check);

		this.nanos.addAndGet(Duration.ofMillis(500).toNanos());
		assertThat(deadline.isExpired()).isTrue();
		assertThat(deadline.remaining()).isZero();
		assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(deadline::check)
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
	}

	@Test
	void aShorterBudgetFromTheSameStartWinsAndALongerOneDoesNot() {
		long start = this.nanos.get();
		Deadline tenSeconds = Deadline.after(Duration.ofSeconds(10), start, this.nanos::get);

		assertThat(tenSeconds.atMost(Duration.ofMillis(500), start).remaining()).isEqualTo(Duration.ofMillis(500));
		assertThat(tenSeconds.atMost(Duration.ofSeconds(30), start)).isSameAs(tenSeconds);
	}

	@Test
	void refusesANegativeBudgetAndSaturatesAHugeOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> Deadline.after(Duration.ofMillis(-1)));
		assertThat(Deadline.after(Duration.ofSeconds(Long.MAX_VALUE)).isExpired()).isFalse();
	}

	@Test
	void isBoundToTheThreadUntilItsScopeCloses() {
		Deadline outer = Deadline.after(Duration.ofSeconds(5));
		Deadline inner = Deadline.after(Duration.ofSeconds(1));
		assertThat(Deadline.current()).isNull();
		try (Deadline.Scope first = Deadline.bind(outer)) {
			try (Deadline.Scope second = Deadline.bind(inner)) {
				assertThat(Deadline.current()).isSameAs(inner);
			}
			assertThat(Deadline.current()).isSameAs(outer);
		}
		assertThat(Deadline.current()).isNull();
	}

	@Test
	void travelsWithWorkHandedToAnotherThread() throws Exception {
		Deadline deadline = Deadline.after(Duration.ofSeconds(5));
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			AtomicReference<Deadline> seen = new AtomicReference<>();
			Callable<Deadline> task;
			Runnable runnable;
			try (Deadline.Scope scope = Deadline.bind(deadline)) {
				task = Deadline.wrap(Deadline::current);
				runnable = Deadline.wrap(() -> seen.set(Deadline.current()));
			}
			assertThat(executor.submit(task).get(10, TimeUnit.SECONDS)).isSameAs(deadline);
			executor.submit(runnable).get(10, TimeUnit.SECONDS);
			assertThat(seen.get()).isSameAs(deadline);
			// and leaves nothing behind on the pool's thread
			assertThat(executor.submit(Deadline::current).get(10, TimeUnit.SECONDS)).isNull();
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void checkingWithoutADeadlineDoesNothing() {
		assertThatNoException().isThrownBy(Deadline::checkCurrent);
	}

}
