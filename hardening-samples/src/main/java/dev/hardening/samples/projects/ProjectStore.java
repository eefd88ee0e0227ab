package dev.hardening.samples.projects;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * Holds the projects in memory, so the sample needs no database.
 */
@Component
class ProjectStore {

	private final Map<Long, Project> projects = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final Clock clock = Clock.systemUTC();

	ProjectStore() {
		add(new NewProject("hardening", "team@hardening.dev"));
	}

	Project add(NewProject project) {
		long id = this.ids.incrementAndGet();
		Project created = new Project(id, project.name(), project.owner(), Project.Status.ACTIVE, this.clock.instant());
		this.projects.put(id, created);
		return created;
	}

	Optional<Project> find(long id) {
		return Optional.ofNullable(this.projects.get(id));
	}

	List<Project> list(Project.Status status, int limit) {
		return this.projects.values()
			.stream()
			.filter((project) -> project.status() == status)
			.sorted(Comparator.comparingLong(Project::id))
			.limit(limit)
			.toList();
	}

	Project replace(Project project) {
		this.projects.put(project.id(), project);
		return project;
	}

	boolean remove(long id) {
		return this.projects.remove(id) != null;
	}

}
