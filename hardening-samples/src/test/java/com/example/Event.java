package com.example;

import java.time.OffsetDateTime;

/** Fixture of the docs' snippets (DocSnippetTests). */
public record Event(long id, long projectId, String type, OffsetDateTime occurredAt) {
}
