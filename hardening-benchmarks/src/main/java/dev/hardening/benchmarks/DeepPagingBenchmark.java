package dev.hardening.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hardening.pagination.Cursor;
import dev.hardening.pagination.CursorCodec;
import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.pagination.Keyset;
import dev.hardening.pagination.KeysetQuery;
import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;
import dev.hardening.test.TestPostgres;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deep pages of a 100,000-row PostgreSQL table, 25 rows a page: {@code OFFSET} paging against
 * keyset paging behind a signed cursor, on the first page and on the last (page 4,000, offset
 * 99,975). The keyset side does what a request does: {@code CursorPageRequest.of} (which checks
 * the cursor's HMAC), {@code Keyset.query}, the query, and {@code Keyset.page} (which signs the
 * cursors of the next and previous pages). One JDBC connection, no pool, plain
 * {@code PreparedStatement}s; the server is the embedded one of {@link TestPostgres}. A round
 * trip costs less, and varies less, when the benchmark and PostgreSQL share one CPU: run it under
 * {@code taskset -c 0} too.
 *
 * <pre>
 * ./mvnw -Pbenchmarks -pl hardening-benchmarks -am package -DskipTests
 * java -jar hardening-benchmarks/target/benchmarks.jar DeepPagingBenchmark -t 1
 * taskset -c 0 java -jar hardening-benchmarks/target/benchmarks.jar DeepPagingBenchmark -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DeepPagingBenchmark {

	static final int ROWS = 100_000;

	static final int SIZE = 25;

	/** The last page: rows 99,976 to 100,000. */
	static final int DEEP_PAGE = ROWS / SIZE;

	static final String LISTING = "/events";

	static final String SELECT = "SELECT id, occurred_at, type FROM events";

	private static final Logger logger = LoggerFactory.getLogger(DeepPagingBenchmark.class);

	private final Keyset<Event> keyset = Keyset.<Event>builder()
		.sortable("occurredAt", "occurred_at", Event::occurredAt)
		.tieBreaker("id", "id", Event::id)
		.defaultSort("-occurredAt")
		.build();

	private final CursorCodec codec = CursorCodec.withRandomKey(Clock.systemUTC(), null);

	private Connection connection;

	/** The cursor a client holds after reading page 3,999: the position of its last row. */
	private String deepCursor;

	@Setup(Level.Trial)
	public void setUp() throws SQLException {
		this.connection = TestPostgres.shared().dataSource().getConnection();
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS events");
			statement.execute("CREATE TABLE events (id bigint PRIMARY KEY, occurred_at timestamptz NOT NULL, "
					+ "type text NOT NULL)");
			// four events a second, so the tie-breaker orders rows with equal times
			statement.execute("INSERT INTO events SELECT g, timestamptz '2026-01-01 00:00:00+00' + (g / 4) * "
					+ "interval '1 second', (ARRAY['created', 'updated', 'deleted'])[g % 3 + 1] "
					+ "FROM generate_series(1, " + ROWS + ") AS g");
			statement.execute("CREATE INDEX events_occurred_at_id ON events (occurred_at, id)");
			statement.execute("ANALYZE events");
		}
		Event before;
		try (PreparedStatement statement = this.connection
			.prepareStatement(SELECT + " ORDER BY occurred_at DESC, id DESC LIMIT 1 OFFSET ?")) {
			statement.setLong(1, (DEEP_PAGE - 1L) * SIZE - 1);
			before = fetch(statement).get(0);
		}
		this.deepCursor = CursorPageRequest.of(SIZE, null, null, this.codec, LISTING)
			.issue(new Cursor(Cursor.Direction.NEXT, List.of(before.occurredAt(), before.id())));

		// both ways must read the same page
		List<Event> offset = offsetDeepPage().items();
		List<Event> cursor = cursorDeepPage().items();
		if (offset.size() != SIZE || !offset.equals(cursor)) {
			throw new IllegalStateException("offset and cursor read different pages: " + offset + " / " + cursor);
		}
		explain(offsetSql(new OffsetPageRequest(DEEP_PAGE, SIZE, 1)), List.of());
		KeysetQuery deep = this.keyset.query(CursorPageRequest.of(SIZE, null, this.deepCursor, this.codec, LISTING));
		explain(keysetSql(deep), deep.parameters());
	}

	@TearDown(Level.Trial)
	public void tearDown() throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("DROP TABLE events");
		}
		this.connection.close();
	}

	@Benchmark
	public OffsetPage<Event> offsetFirstPage() throws SQLException {
		return offsetPage(1);
	}

	@Benchmark
	public OffsetPage<Event> offsetDeepPage() throws SQLException {
		return offsetPage(DEEP_PAGE);
	}

	@Benchmark
	public CursorPage<Event> cursorFirstPage() throws SQLException {
		return cursorPage(null);
	}

	@Benchmark
	public CursorPage<Event> cursorDeepPage() throws SQLException {
		return cursorPage(this.deepCursor);
	}

	private OffsetPage<Event> offsetPage(int page) throws SQLException {
		OffsetPageRequest request = new OffsetPageRequest(page, SIZE, 1);
		try (PreparedStatement statement = this.connection.prepareStatement(offsetSql(request))) {
			return OffsetPage.ofFetched(fetch(statement), request);
		}
	}

	private CursorPage<Event> cursorPage(@Nullable String cursor) throws SQLException {
		CursorPageRequest request = CursorPageRequest.of(SIZE, null, cursor, this.codec, LISTING);
		KeysetQuery query = this.keyset.query(request);
		try (PreparedStatement statement = this.connection.prepareStatement(keysetSql(query))) {
			bind(statement, query.parameters());
			return this.keyset.page(fetch(statement), request);
		}
	}

	private static String offsetSql(OffsetPageRequest request) {
		return SELECT + " ORDER BY occurred_at DESC, id DESC LIMIT " + request.fetchSize() + " OFFSET "
				+ request.offset();
	}

	/** As {@code JdbcKeyset} writes it. */
	private static String keysetSql(KeysetQuery query) {
		return SELECT + (query.predicate().isEmpty() ? "" : " WHERE " + query.predicate()) + " ORDER BY "
				+ query.orderBy() + " LIMIT " + query.limit();
	}

	private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
		for (int i = 0; i < parameters.size(); i++) {
			statement.setObject(i + 1, parameters.get(i));
		}
	}

	private static List<Event> fetch(PreparedStatement statement) throws SQLException {
		List<Event> rows = new ArrayList<>(SIZE + 1);
		try (ResultSet result = statement.executeQuery()) {
			while (result.next()) {
				rows.add(new Event(result.getLong(1), result.getObject(2, OffsetDateTime.class), result.getString(3)));
			}
		}
		return rows;
	}

	private void explain(String sql, List<Object> parameters) throws SQLException {
		StringBuilder plan = new StringBuilder(sql);
		try (PreparedStatement statement = this.connection
			.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)) {
			bind(statement, parameters);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					plan.append('\n').append(result.getString(1));
				}
			}
		}
		logger.info("{}", plan);
	}

	/**
	 * A row of the listing.
	 *
	 * @param id the ID, the tie-breaker
	 * @param occurredAt when it happened, the sort key
	 * @param type what happened
	 */
	public record Event(long id, OffsetDateTime occurredAt, String type) {
	}

}
