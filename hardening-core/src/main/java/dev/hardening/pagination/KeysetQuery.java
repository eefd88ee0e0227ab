package dev.hardening.pagination;

import java.util.List;

/**
 * The SQL pieces of one keyset page, for any JDBC API: every value is a bound parameter, every
 * column comes from the {@link Keyset}'s allowlist.
 *
 * <pre>{@code
 * KeysetQuery q = keyset.query(request);
 * String sql = "SELECT id, type, occurred_at FROM events WHERE tenant_id = ?"
 *         + (q.predicate().isEmpty() ? "" : " AND " + q.predicate())
 *         + " ORDER BY " + q.orderBy() + " LIMIT " + q.limit();
 * }</pre>
 *
 * @param predicate the condition that starts the page after (or before) the cursor, such as
 * {@code (occurred_at, id) < (?, ?)}; empty on the first page
 * @param orderBy the ordering, such as {@code occurred_at DESC, id DESC}
 * @param limit how many rows to fetch: one more than the page size
 * @param parameters the values of the predicate's placeholders, in order
 */
public record KeysetQuery(String predicate, String orderBy, int limit, List<Object> parameters) {

	/**
	 * Copies the parameters.
	 */
	public KeysetQuery {
		parameters = List.copyOf(parameters);
	}

}
