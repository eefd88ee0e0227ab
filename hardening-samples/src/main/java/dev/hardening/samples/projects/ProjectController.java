package dev.hardening.samples.projects;

import java.net.URI;
import java.util.Map;

import dev.hardening.autoconfigure.etag.ConditionalRequest;
import dev.hardening.error.ConflictException;
import dev.hardening.error.NotFoundException;
import dev.hardening.etag.ETag;
import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The projects API. It holds no error handling of its own: it throws, and the starter answers.
 */
@RestController
@RequestMapping("/projects")
class ProjectController {

	private static final Logger logger = LoggerFactory.getLogger(ProjectController.class);

	private final ProjectStore store;

	ProjectController(ProjectStore store) {
		this.store = store;
	}

	/**
	 * An offset page: page and size are read and checked by the starter (1 to 100, else a 400
	 * problem), and the body gets a Link header and X-Total-Count.
	 */
	@GetMapping
	OffsetPage<Project> list(@RequestParam(defaultValue = "ACTIVE") Project.Status status, OffsetPageRequest page) {
		return this.store.list(status, page);
	}

	/**
	 * A deep ETag: the version is checked before the project is loaded, so a client with a current
	 * copy gets a 304 that costs one map lookup.
	 */
	@GetMapping("/{id}")
	ResponseEntity<Project> get(@PathVariable long id, ConditionalRequest conditional) {
		return conditional.respond(currentETag(id), () -> find(id));
	}

	@PostMapping
	ResponseEntity<Project> create(@Valid @RequestBody NewProject project) {
		Project created = this.store.add(project);
		logger.info("Created project {}", created.id());
		return ResponseEntity.created(URI.create("/projects/" + created.id())).body(created);
	}

	/**
	 * An update must say which version it changes (If-Match, required for /projects/** in
	 * application.yml): a stale one gets a 412, so no client overwrites a change it has not seen.
	 * Checking then writing would let two clients holding the same ETag both pass the check; the
	 * write itself names the version checked ({@code UPDATE ... WHERE version = ?}), so exactly
	 * one of them wins and the other gets the 412 too.
	 */
	@PutMapping("/{id}")
	ResponseEntity<Project> update(@PathVariable long id, @Valid @RequestBody NewProject changes,
			ConditionalRequest conditional) {
		long version = checkedVersion(id, conditional);
		Project updated = this.store.rename(id, version, changes).orElseThrow(conditional::changedSinceChecked);
		logger.info("Updated project {} to version {}", id, updated.version());
		return ResponseEntity.ok().eTag(ETag.ofVersion(updated.version()).format()).body(updated);
	}

	@PostMapping("/{id}/archive")
	Project archive(@PathVariable long id) {
		find(id);
		Project archived = this.store.archive(id)
			.orElseThrow(() -> new ConflictException("Project " + id + " is already archived.", Map.of("projectId", id)));
		logger.info("Archived project {}", id);
		return archived;
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id, ConditionalRequest conditional) {
		long version = checkedVersion(id, conditional);
		if (!this.store.remove(id, version)) {
			throw conditional.changedSinceChecked();
		}
		logger.info("Deleted project {}", id);
	}

	/**
	 * The version the request's preconditions were checked against: a 412 if they fail (If-Match
	 * of a project that does not exist included, as RFC 9110 says), else a 404 if it does not exist.
	 */
	private long checkedVersion(long id, ConditionalRequest conditional) {
		Long version = this.store.version(id).orElse(null);
		conditional.check((version != null) ? ETag.ofVersion(version) : null);
		if (version == null) {
			throw notFound(id);
		}
		return version;
	}

	private Project find(long id) {
		return this.store.find(id).orElseThrow(() -> notFound(id));
	}

	private @Nullable ETag currentETag(long id) {
		return this.store.version(id).map(ETag::ofVersion).orElse(null);
	}

	private static NotFoundException notFound(long id) {
		return new NotFoundException("Project " + id + " does not exist.", Map.of("projectId", id));
	}

}
