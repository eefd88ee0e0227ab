package dev.hardening.samples.projects;

import java.time.Instant;

/**
 * A project.
 *
 * @param id the project's ID
 * @param name its name
 * @param owner the email address of its owner
 * @param status whether it is active or archived
 * @param createdAt when it was created
 * @param version incremented by every change; the project's ETag
 */
public record Project(long id, String name, String owner, Status status, Instant createdAt, long version) {

	/** A project's lifecycle. */
	public enum Status {

		/** In use. */
		ACTIVE,

		/** Read-only. */
		ARCHIVED

	}

}
