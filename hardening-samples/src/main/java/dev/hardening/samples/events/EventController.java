package dev.hardening.samples.events;

import java.util.List;

import dev.hardening.autoconfigure.pagination.JdbcKeyset;
import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.pagination.Keyset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The events table (10 000 rows, see schema.sql), newest first, by cursor: each page is one
 * indexed query however deep the client reads, and rows inserted meanwhile never make a page
 * repeat or skip a row. Clients may sort by occurredAt or type, nothing else.
 */
@RestController
@RequestMapping("/events")
class EventController {

	private static final Keyset<Event> KEYSET = Keyset.<Event>builder()
		.sortable("occurredAt", "occurred_at", Event::occurredAt)
		.sortable("type", "type", Event::type)
		.tieBreaker("id", "id", Event::id)
		.defaultSort("-occurredAt")
		.build();

	private final JdbcKeyset<Event> events;

	EventController(JdbcClient jdbc) {
		this.events = JdbcKeyset.of(jdbc, KEYSET, (row, number) -> new Event(row.getLong("id"),
				row.getLong("project_id"), row.getString("type"), row.getObject("occurred_at",
						java.time.OffsetDateTime.class)));
	}

	@GetMapping
	CursorPage<Event> list(CursorPageRequest page) {
		return this.events.page("SELECT id, project_id, type, occurred_at FROM events", null, List.of(), page);
	}

}
