package dev.hardening.pagination;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.hardening.error.ApiException;
import dev.hardening.test.MutableClock;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(PostgresExtension.class)
class KeysetTests {

	private static final int ROWS = 100_000;

	private final CursorCodec codec = CursorCodec.of(
			"0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), MutableClock.start(), null);

	private final Keyset<Event> keyset = Keyset.<Event>builder()
		.sortable("occurredAt", "occurred_at", Event::occurredAt)
		.sortable("type", "type", Event::type)
		.tieBreaker("id", "id", Event::id)
		.defaultSort("-occurredAt")
		.build();

	@BeforeAll
	static void createEvents(TestPostgres postgres) throws SQLException {
		try (Connection connection = postgres.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE events (id bigint PRIMARY KEY, occurred_at timestamptz NOT NULL,"
					+ " type text NOT NULL)");
			// 5 000 distinct instants for 100 000 rows: ties everywhere, so the tie-breaker matters
			statement.execute("INSERT INTO events SELECT i, timestamptz '2026-01-01 00:00:00+00' + (i % 5000) * interval '1 second',"
					+ " (ARRAY['created','updated','deleted'])[1 + i % 3] FROM generate_series(1, " + ROWS + ") AS i");
			statement.execute("CREATE INDEX events_occurred_at_id ON events (occurred_at, id)");
			statement.execute("ANALYZE events");
		}
	}

	@Test
	void writesARowComparisonForOneDirectionAndAnExpandedOneForMixed() {
		Cursor position = new Cursor(Cursor.Direction.NEXT, List.of("created", 7L));
		CursorPageRequest byType = CursorPageRequest.of(10, "type", this.codec.encode(position, "/events\ntype"),
				this.codec, "/events");
		CursorPageRequest mixed = CursorPageRequest.of(10, "type,-id",
				this.codec.encode(position, "/events\ntype,-id"), this.codec, "/events");

		KeysetQuery same = this.keyset.query(byType);
		KeysetQuery expanded = this.keyset.query(mixed);

		assertThat(same.predicate()).isEqualTo("(type, id) > (?, ?)");
		assertThat(same.orderBy()).isEqualTo("type ASC, id ASC");
		assertThat(same.limit()).isEqualTo(11);
		assertThat(same.parameters()).containsExactly("created", 7L);
		assertThat(expanded.predicate()).isEqualTo("((type > ?) OR (type = ? AND id < ?))");
		assertThat(expanded.orderBy()).isEqualTo("type ASC, id DESC");
		assertThat(expanded.parameters()).containsExactly("created", "created", 7L);
		assertThat(this.keyset.query(CursorPageRequest.of(10, null, null, this.codec, "/events")).predicate()).isEmpty();
	}

	@Test
	void refusesASortOutsideTheAllowlist() {
		for (String sort : new String[] { "secret", "occurredAt,occurredAt", "", "occurredAt,", "occurred_at",
				"occurredAt;DROP TABLE events" }) {
			CursorPageRequest request = CursorPageRequest.of(10, sort, null, this.codec, "/events");
			assertThatExceptionOfType(ApiException.class).as(sort)
				.isThrownBy(() -> this.keyset.query(request))
				.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_SORT"));
		}
	}

	@Test
	void refusesACursorFromAnotherSortOrListing() {
		String token = this.codec.encode(new Cursor(Cursor.Direction.NEXT, List.of(OffsetDateTime.now(), 1L)),
				"/events\n-occurredAt");

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> CursorPageRequest.of(10, "occurredAt", token, this.codec, "/events"))
			.satisfies((ex) -> assertThat(ex.errorCode().code()).isEqualTo("INVALID_CURSOR"));
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> CursorPageRequest.of(10, "-occurredAt", token, this.codec, "/audit"));
	}

	@Test
	void pagesAHundredThousandRowsSeeingEachOnceWhileRowsAreInserted(TestPostgres postgres) throws SQLException {
		Set<Long> seen = new HashSet<>();
		List<Long> duplicates = new ArrayList<>();
		long inserted = ROWS;
		String cursor = null;
		int pages = 0;
		try (Connection connection = postgres.dataSource().getConnection()) {
			do {
				CursorPageRequest request = CursorPageRequest.of(1000, null, cursor, this.codec, "/events");
				CursorPage<Event> page = fetch(connection, request);
				for (Event event : page.items()) {
					if (!seen.add(event.id())) {
						duplicates.add(event.id());
					}
				}
				// another writer, between page fetches: one row at the newest end, one at the oldest
				insert(connection, ++inserted, "2027-01-01T00:00:00Z");
				insert(connection, ++inserted, "2025-01-01T00:00:00Z");
				cursor = page.nextCursor();
				pages++;
			}
			while (cursor != null);
		}

		assertThat(duplicates).isEmpty();
		// one lookup per row (AssertJ's contains walks the whole set each time: 10^10 steps)
		List<Long> missed = new ArrayList<>();
		for (long id = 1; id <= ROWS; id++) {
			if (!seen.contains(id)) {
				missed.add(id);
			}
		}
		assertThat(missed).as("rows never seen").isEmpty();
		assertThat(pages).isGreaterThanOrEqualTo(100);
	}

	@Test
	void pagesBackAndForthInAMixedSort(TestPostgres postgres) throws SQLException {
		try (Connection connection = postgres.dataSource().getConnection()) {
			CursorPage<Event> first = fetch(connection, CursorPageRequest.of(7, "type,-occurredAt", null, this.codec, "/e"));
			CursorPage<Event> second = fetch(connection,
					CursorPageRequest.of(7, "type,-occurredAt", first.nextCursor(), this.codec, "/e"));
			CursorPage<Event> backToFirst = fetch(connection,
					CursorPageRequest.of(7, "type,-occurredAt", second.prevCursor(), this.codec, "/e"));

			assertThat(first.prevCursor()).isNull();
			assertThat(second.items()).doesNotContainAnyElementsOf(first.items());
			assertThat(backToFirst.items()).containsExactlyElementsOf(first.items());
			assertThat(backToFirst.prevCursor()).isNull();
			assertThat(backToFirst.nextCursor()).isNotNull();
			for (int i = 1; i < first.items().size(); i++) {
				Event before = first.items().get(i - 1);
				Event after = first.items().get(i);
				assertThat(before.type().compareTo(after.type()) < 0 || (before.type().equals(after.type())
						&& !before.occurredAt().isBefore(after.occurredAt()))).isTrue();
			}
		}
	}

	private CursorPage<Event> fetch(Connection connection, CursorPageRequest request) throws SQLException {
		KeysetQuery query = this.keyset.query(request);
		String sql = "SELECT id, occurred_at, type FROM events"
				+ (query.predicate().isEmpty() ? "" : " WHERE " + query.predicate()) + " ORDER BY " + query.orderBy()
				+ " LIMIT " + query.limit();
		List<Event> rows = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < query.parameters().size(); i++) {
				statement.setObject(i + 1, query.parameters().get(i));
			}
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows.add(new Event(result.getLong(1), result.getObject(2, OffsetDateTime.class), result.getString(3)));
				}
			}
		}
		return this.keyset.page(rows, request);
	}

	private static void insert(Connection connection, long id, String occurredAt) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("INSERT INTO events (id, occurred_at, type) VALUES (?, ?::timestamptz, 'created')")) {
			statement.setLong(1, id);
			statement.setString(2, occurredAt);
			statement.executeUpdate();
		}
	}

	record Event(long id, OffsetDateTime occurredAt, String type) {
	}

}
