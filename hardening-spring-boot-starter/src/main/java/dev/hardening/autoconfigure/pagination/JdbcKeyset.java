package dev.hardening.autoconfigure.pagination;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.pagination.Keyset;
import dev.hardening.pagination.KeysetQuery;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keyset pages with {@link JdbcClient}: the cursor's position becomes a bound predicate, the sort
 * an {@code ORDER BY} of allowlisted columns, and the page one {@code LIMIT size + 1} query, fast
 * at any depth with an index on the sort columns. Needs row-value comparisons and {@code LIMIT}
 * (PostgreSQL, MySQL, H2, SQLite) when the sort runs one way.
 *
 * <pre>{@code
 * JdbcKeyset<Event> events = JdbcKeyset.of(jdbcClient, keyset, eventRowMapper);
 * CursorPage<Event> page = events.page("SELECT id, type, occurred_at FROM events", "tenant_id = ?",
 *         List.of(tenantId), request);
 * }</pre>
 *
 * @param <T> the row type
 */
public final class JdbcKeyset<T> {

	private final JdbcClient jdbc;

	private final Keyset<T> keyset;

	private final RowMapper<T> rowMapper;

	private JdbcKeyset(JdbcClient jdbc, Keyset<T> keyset, RowMapper<T> rowMapper) {
		this.jdbc = jdbc;
		this.keyset = keyset;
		this.rowMapper = rowMapper;
	}

	/**
	 * Creates a helper for one listing.
	 * @param jdbc the client
	 * @param keyset the sort allowlist and keys
	 * @param rowMapper maps a row; the keys it yields are the cursor's
	 * @param <T> the row type
	 * @return the helper
	 */
	public static <T> JdbcKeyset<T> of(JdbcClient jdbc, Keyset<T> keyset, RowMapper<T> rowMapper) {
		return new JdbcKeyset<>(Objects.requireNonNull(jdbc, "jdbc"), Objects.requireNonNull(keyset, "keyset"),
				Objects.requireNonNull(rowMapper, "rowMapper"));
	}

	/**
	 * Fetches one page.
	 * @param select the query without {@code WHERE}, {@code ORDER BY} or {@code LIMIT}, such as
	 * {@code SELECT id, type, occurred_at FROM events}
	 * @param where an extra condition with {@code ?} placeholders, or {@code null}
	 * @param whereParameters the values of its placeholders
	 * @param request the request
	 * @return the page, with its cursors
	 */
	public CursorPage<T> page(String select, @Nullable String where, List<?> whereParameters,
			CursorPageRequest request) {
		KeysetQuery query = this.keyset.query(request);
		StringBuilder sql = new StringBuilder(select);
		List<Object> parameters = new ArrayList<>(whereParameters);
		String condition = (where != null && !where.isBlank()) ? "(" + where + ")" : "";
		if (!query.predicate().isEmpty()) {
			condition = condition.isEmpty() ? query.predicate() : condition + " AND " + query.predicate();
			parameters.addAll(query.parameters());
		}
		if (!condition.isEmpty()) {
			sql.append(" WHERE ").append(condition);
		}
		sql.append(" ORDER BY ").append(query.orderBy()).append(" LIMIT ").append(query.limit());
		List<T> rows = this.jdbc.sql(sql.toString()).params(parameters).query(this.rowMapper).list();
		return this.keyset.page(rows, request);
	}

}
