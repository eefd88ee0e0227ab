package dev.hardening.resilience;

import java.time.Duration;

import dev.hardening.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetryBudgetTests {

	private final MutableClock clock = MutableClock.start();

	@Test
	void allowsRetriesUpToTheRatioOfCalls() {
		RetryBudget budget = RetryBudget.of(0.1, 0, this.clock);
		for (int i = 0; i < 100; i++) {
			budget.recordCall();
		}

		int granted = 0;
		while (budget.tryRetry()) {
			granted++;
		}

		assertThat(granted).isEqualTo(10);
		assertThat(budget.remaining()).isZero();
	}

	@Test
	void theMinimumPerSecondAllowsRetriesWithoutCalls() {
		RetryBudget budget = RetryBudget.of(0.1, 2, this.clock);

		int granted = 0;
		while (budget.tryRetry()) {
			granted++;
		}

		assertThat(granted).isEqualTo(20);
	}

	@Test
	void callsAndRetriesLeaveTheWindowAfterTenSeconds() {
		RetryBudget budget = RetryBudget.of(0.5, 0, this.clock);
		budget.recordCall();
		budget.recordCall();
		assertThat(budget.tryRetry()).isTrue();
		assertThat(budget.tryRetry()).isFalse();

		this.clock.advance(Duration.ofSeconds(5));
		budget.recordCall();
		budget.recordCall();
		assertThat(budget.tryRetry()).isTrue();
		assertThat(budget.tryRetry()).isFalse();

		this.clock.advance(Duration.ofSeconds(5));
		// the first two calls and their retry are gone; two calls and one retry remain
		assertThat(budget.remaining()).isZero();
		budget.recordCall();
		budget.recordCall();
		assertThat(budget.remaining()).isEqualTo(1);

		this.clock.advance(Duration.ofSeconds(30));
		assertThat(budget.remaining()).isZero();
	}

	@Test
	void refusesNegativeSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetryBudget.of(-0.1, 0, this.clock))
			.withMessage("ratio must be 0 or more, but was -0.1");
		assertThatIllegalArgumentException().isThrownBy(() -> RetryBudget.of(0.1, -1, this.clock))
			.withMessage("minPerSecond must be 0 or more, but was -1");
	}

}
