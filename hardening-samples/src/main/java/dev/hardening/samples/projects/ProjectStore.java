package dev.hardening.samples.projects;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.hardening.audit.Audited;
import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The projects table (see schema.sql). Reads of one project go through the "projects" cache:
 * served from the process on a repeat read, and from Redis by the other instances when Redis is
 * configured; changes keep every instance's copy in step, and each is audited (hardening.audit:
 * the hardening_audit_event table, a verifiable hash chain). Every change is one conditional
 * statement that names the version it expects, so a change decided on a stale read never lands.
 */
@Component
class ProjectStore {

	private static final Logger logger = LoggerFactory.getLogger(ProjectStore.class);

	private static final String COLUMNS = "id, name, owner, status, created_at, version";

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final Clock clock = Clock.systemUTC();

	ProjectStore(JdbcClient jdbc, TransactionOperations transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	Project add(NewProject project) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO projects (name, owner, status, created_at, version) VALUES (?, ?, ?, ?, 1)")
			.params(project.name(), project.owner(), Project.Status.ACTIVE.name(),
					OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC))
			.update(keys, "id");
		long id = keys.getKeyAs(Number.class).longValue();
		return byId(id).orElseThrow();
	}

	@Cacheable("projects")
	public Optional<Project> find(long id) {
		logger.debug("Loading project {} from the store", id);
		return byId(id);
	}

	OffsetPage<Project> list(Project.Status status, OffsetPageRequest request) {
		List<Project> items = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM projects WHERE status = ? ORDER BY id LIMIT ? OFFSET ?")
			.params(status.name(), request.size(), request.offset())
			.query(ProjectStore::project)
			.list();
		long total = this.jdbc.sql("SELECT COUNT(*) FROM projects WHERE status = ?").param(status.name()).query(Long.class).single();
		return OffsetPage.of(items, request, total);
	}

	/**
	 * Returns a project's current version without loading it: what a deep ETag is made of. Not
	 * cached, so a conditional request is checked against the table itself.
	 */
	public Optional<Long> version(long id) {
		return this.jdbc.sql("SELECT version FROM projects WHERE id = ?").param(id).query(Long.class).optional();
	}

	/**
	 * Renames a project if it is still at the version the caller checked: one
	 * {@code UPDATE ... WHERE version = ?}, atomic in the database, so of two updates that read the
	 * same version exactly one wins.
	 * @return the changed project, or empty if it changed meanwhile (or is gone)
	 */
	@CachePut(cacheNames = "projects", key = "#id", unless = "#result == null")
	@Audited(action = "project.update", resource = "project", id = "#id")
	public Optional<Project> rename(long id, long expectedVersion, NewProject changes) {
		return changedThenLoaded(id, this.jdbc
			.sql("UPDATE projects SET name = ?, owner = ?, version = version + 1 WHERE id = ? AND version = ?")
			.params(changes.name(), changes.owner(), id, expectedVersion));
	}

	/**
	 * Archives a project if it is still active, in one conditional statement.
	 * @return the archived project, or empty if it was archived already (or is gone)
	 */
	@CachePut(cacheNames = "projects", key = "#id", unless = "#result == null")
	@Audited(action = "project.archive", resource = "project", id = "#id")
	public Optional<Project> archive(long id) {
		return changedThenLoaded(id, this.jdbc
			.sql("UPDATE projects SET status = ?, version = version + 1 WHERE id = ? AND status = ?")
			.params(Project.Status.ARCHIVED.name(), id, Project.Status.ACTIVE.name()));
	}

	/**
	 * Deletes a project if it is still at the version the caller checked.
	 * @return whether it was deleted
	 */
	@CacheEvict("projects")
	@Audited(action = "project.delete", resource = "project", id = "#id")
	public boolean remove(long id, long expectedVersion) {
		return this.jdbc.sql("DELETE FROM projects WHERE id = ? AND version = ?").params(id, expectedVersion).update() == 1;
	}

	/**
	 * Runs a conditional change and, if it changed the row, reads the row back in the same
	 * transaction: the change holds the row's lock until commit, so what is read is what it wrote.
	 */
	private Optional<Project> changedThenLoaded(long id, JdbcClient.StatementSpec change) {
		return this.transactions.execute((status) -> (change.update() == 1)
				? byId(id)
				: Optional.<Project>empty());
	}

	private Optional<Project> byId(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM projects WHERE id = ?").param(id).query(ProjectStore::project).optional();
	}

	private static Project project(ResultSet row, int number) throws SQLException {
		return new Project(row.getLong("id"), row.getString("name"), row.getString("owner"),
				Project.Status.valueOf(row.getString("status")), row.getObject("created_at", OffsetDateTime.class).toInstant(),
				row.getLong("version"));
	}

}
