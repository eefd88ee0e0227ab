package dev.hardening.autoconfigure.deadline;

import java.util.concurrent.Callable;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handlers whose budget comes from {@code @Deadline} only (no route, no timeout), synchronous and
 * asynchronous, some of which spend their whole budget (spinning on the deadline itself, never
 * sleeping) to be counted as exceeded.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ AnnotatedDeadlineAttackApplication.AnnotatedController.class, AnnotatedDeadlineAttackApplication.ClassLevelController.class })
class AnnotatedDeadlineAttackApplication {

	@Bean
	@ConditionalOnMissingBean
	MeterRegistry attackerMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	/** Waits, without sleeping, until the bound deadline has passed. */
	static void spend() {
		dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.current();
		if (deadline == null) {
			throw new IllegalStateException("no deadline bound");
		}
		while (!deadline.isExpired()) {
			Thread.onSpinWait();
		}
	}

	@RestController
	static class AnnotatedController {

		@GetMapping("/attacker/annotated")
		@Deadline("30s")
		String annotated() {
			return DeadlineAttackApplication.left();
		}

		@GetMapping("/attacker/annotated-async")
		@Deadline("30s")
		Callable<String> annotatedAsync() {
			return DeadlineAttackApplication::left;
		}

		@GetMapping("/attacker/plain")
		String plain() {
			return DeadlineAttackApplication.left();
		}

		/** Spends its budget, then checks: a 504 DEADLINE_EXCEEDED. */
		@GetMapping("/attacker/spend")
		@Deadline("20ms")
		String spendAndCheck() {
			spend();
			dev.hardening.deadline.Deadline.checkCurrent();
			return "unreachable";
		}

		/** Spends its budget and answers anyway: a late 200. */
		@GetMapping("/attacker/late")
		@Deadline("20ms")
		String late() {
			spend();
			return "late";
		}

		@GetMapping("/attacker/spend-async")
		@Deadline("20ms")
		Callable<String> spendAsync() {
			return () -> {
				spend();
				dev.hardening.deadline.Deadline.checkCurrent();
				return "unreachable";
			};
		}

		/** On a path with a route budget (in the tests that give one), its own shorter budget. */
		@GetMapping("/attacker/routed/spend")
		@Deadline("20ms")
		String routedSpend() {
			spend();
			dev.hardening.deadline.Deadline.checkCurrent();
			return "unreachable";
		}

		@GetMapping("/attacker/routed/left")
		String routedLeft() {
			return DeadlineAttackApplication.left();
		}

	}

	@RestController
	@Deadline("30s")
	static class ClassLevelController {

		@GetMapping("/attacker/class-level")
		String classLevel() {
			return DeadlineAttackApplication.left();
		}

	}

}
