package dev.hardening.samples.events;

import java.time.OffsetDateTime;

/**
 * Something that happened to a project.
 *
 * @param id the event's ID
 * @param projectId the project it happened to
 * @param type what happened
 * @param occurredAt when
 */
public record Event(long id, long projectId, String type, OffsetDateTime occurredAt) {
}
