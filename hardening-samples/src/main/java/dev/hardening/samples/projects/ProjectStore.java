package dev.hardening.samples.projects;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Component;

/**
 * Holds the projects in memory, so the sample needs no database. Reads of one project go through
 * the "projects" cache: served from the process on a repeat read, and from Redis by the other
 * instances when Redis is configured; updates and deletes keep every instance's copy in step.
 */
@Component
class ProjectStore {

	private static final Logger logger = LoggerFactory.getLogger(ProjectStore.class);

	private final Map<Long, Project> projects = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final Clock clock = Clock.systemUTC();

	ProjectStore() {
		add(new NewProject("hardening", "team@hardening.dev"));
	}

	Project add(NewProject project) {
		long id = this.ids.incrementAndGet();
		Project created = new Project(id, project.name(), project.owner(), Project.Status.ACTIVE, this.clock.instant(), 1);
		this.projects.put(id, created);
		return created;
	}

	@Cacheable("projects")
	public Optional<Project> find(long id) {
		logger.debug("Loading project {} from the store", id);
		return Optional.ofNullable(this.projects.get(id));
	}

	OffsetPage<Project> list(Project.Status status, OffsetPageRequest request) {
		List<Project> matching = this.projects.values()
			.stream()
			.filter((project) -> project.status() == status)
			.sorted(Comparator.comparingLong(Project::id))
			.toList();
		int from = (int) Math.min(request.offset(), matching.size());
		int to = Math.min(from + request.size(), matching.size());
		return OffsetPage.of(matching.subList(from, to), request, matching.size());
	}

	/**
	 * Returns a project's current version without loading it: what a deep ETag is made of. Not
	 * cached, so a conditional update is checked against the store itself.
	 */
	public Optional<Long> version(long id) {
		Project project = this.projects.get(id);
		return (project != null) ? Optional.of(project.version()) : Optional.empty();
	}

	@CachePut(cacheNames = "projects", key = "#project.id")
	public Project replace(Project project) {
		this.projects.put(project.id(), project);
		return project;
	}

	@CacheEvict("projects")
	public boolean remove(long id) {
		return this.projects.remove(id) != null;
	}

}
