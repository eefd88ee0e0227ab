package dev.hardening.samples.demo;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A deliberate N+1: the latest event of each project, one query per project. The starter's
 * statement counting logs one WARN naming this endpoint and the repeated statement; one query
 * with a window function or {@code DISTINCT ON} would do. Only in the {@code demo} profile.
 */
@RestController
@Profile("demo")
class NPlusOneController {

	private final JdbcClient jdbc;

	NPlusOneController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/demo/latest-event-per-project")
	List<Map<String, Object>> latestEventPerProject() {
		List<Long> projects = this.jdbc.sql("SELECT DISTINCT project_id FROM events ORDER BY project_id")
			.query(Long.class)
			.list();
		return projects.stream()
			.map((project) -> this.jdbc.sql("SELECT project_id, type, occurred_at FROM events WHERE project_id = ?"
					+ " ORDER BY occurred_at DESC, id DESC LIMIT 1")
				.param(project)
				.query()
				.singleRow())
			.toList();
	}

}
