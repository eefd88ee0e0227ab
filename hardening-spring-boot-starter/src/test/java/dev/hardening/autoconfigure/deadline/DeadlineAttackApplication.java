package dev.hardening.autoconfigure.deadline;

import java.util.concurrent.Callable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application for the attack tests on request deadlines: handlers that report the time
 * they have left, in milliseconds ({@code none} without a deadline).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DeadlineAttackApplication.LeftController.class)
class DeadlineAttackApplication {

	static String left() {
		dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.current();
		return (deadline != null) ? Long.toString(deadline.remaining().toMillis()) : "none";
	}

	@RestController
	static class LeftController {

		@RequestMapping(path = "/attacker/left", method = { RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS })
		String left() {
			return DeadlineAttackApplication.left();
		}

		@GetMapping("/attacker/async")
		Callable<String> async() {
			return DeadlineAttackApplication::left;
		}

		@GetMapping("/attacker/annotated")
		@Deadline("30s")
		String annotated() {
			return DeadlineAttackApplication.left();
		}

	}

}
