package dev.hardening.autoconfigure.pagination;

import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;

import dev.hardening.autoconfigure.etag.ConditionalRequest;
import dev.hardening.etag.ETag;
import dev.hardening.pagination.Cursor;
import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.pagination.Keyset;
import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small application for the attack tests on pagination and field selection: an offset listing
 * of 95 items, two cursor listings over the same 300 events held in memory (ordered as the
 * keyset's query would order them), and single resources with a deep ETag or a cache lifetime.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PagingAttackApplication.AttackerController.class)
class PagingAttackApplication {

	static final String[] PROPERTIES = { "hardening.pagination.total-count-header=true",
			"hardening.pagination.cursor-secret=an attacker secret long enough to sign cursors",
			"hardening.pagination.fields.paths=/attacker/**" };

	record Owner(String name, String email) {
	}

	record Item(int id, String title, Owner owner, List<String> tags) {
	}

	record Event(long id, String type) {
	}

	@RestController
	static class AttackerController {

		private static final List<Item> ITEMS = java.util.stream.IntStream.rangeClosed(1, 95)
			.mapToObj((i) -> new Item(i, "item " + i, new Owner("owner " + i, "o" + i + "@example.com"), List.of("a")))
			.toList();

		private static final List<Event> EVENTS = LongStream.rangeClosed(1, 300)
			.mapToObj((i) -> new Event(i, (i % 2 == 0) ? "created" : "updated"))
			.toList();

		private static final Keyset<Event> KEYSET = Keyset.<Event>builder()
			.tieBreaker("id", "id", Event::id)
			.defaultSort("id")
			.build();

		@GetMapping("/attacker/items")
		OffsetPage<Item> items(OffsetPageRequest request) {
			int from = (int) Math.min(request.offset(), ITEMS.size());
			return OffsetPage.of(ITEMS.subList(from, Math.min(from + request.size(), ITEMS.size())), request,
					ITEMS.size());
		}

		@GetMapping({ "/attacker/events", "/attacker/archive" })
		CursorPage<Event> events(CursorPageRequest request) {
			KEYSET.query(request);
			boolean descending = KEYSET.sort(request.sort()).get(0).descending();
			Cursor position = request.position().orElse(null);
			boolean backwards = position != null && position.direction() == Cursor.Direction.PREVIOUS;
			boolean down = descending != backwards;
			Comparator<Event> order = Comparator.comparingLong(Event::id);
			List<Event> rows = EVENTS.stream()
				.filter((event) -> position == null || (down ? event.id() < (Long) position.keys().get(0)
						: event.id() > (Long) position.keys().get(0)))
				.sorted(down ? order.reversed() : order)
				.limit(request.fetchSize())
				.toList();
			return KEYSET.page(rows, request);
		}

		@GetMapping("/attacker/things/{id}")
		ResponseEntity<Item> thing(@PathVariable int id, ConditionalRequest conditional) {
			return conditional.respond(ETag.ofVersion(7), () -> ITEMS.get(id - 1));
		}

		@GetMapping("/attacker/cached/{id}")
		ResponseEntity<Item> cached(@PathVariable int id) {
			return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePublic())
				.body(ITEMS.get(id - 1));
		}

	}

}
