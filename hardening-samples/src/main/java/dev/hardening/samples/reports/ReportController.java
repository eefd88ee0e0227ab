package dev.hardening.samples.reports;


import dev.hardening.deadline.Deadline;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Builds a report section by section, each taking 200 ms, and checks the request's deadline before
 * each: the {@code reports} route of application.yml gives it 1 s, so a report of more than five
 * sections is stopped with a {@code 504} problem {@code DEADLINE_EXCEEDED} instead of running on
 * for a caller that has given up.
 */
@RestController
@Validated
class ReportController {

	private static final long SECTION_MILLIS = 200;

	@GetMapping("/reports/summary")
	Summary summary(@RequestParam(defaultValue = "3") @Min(1) @Max(50) int sections)
			throws InterruptedException {
		for (int i = 0; i < sections; i++) {
			Deadline.checkCurrent();
			// one section's work: a query, a call, a computation
			Thread.sleep(SECTION_MILLIS);
		}
		Deadline deadline = Deadline.current();
		return new Summary(sections, (deadline != null) ? deadline.remaining().toMillis() : -1);
	}

	/** The report: how many sections were made and the milliseconds its deadline had left. */
	record Summary(int sections, long leftMillis) {
	}

}
