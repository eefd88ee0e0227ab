package dev.hardening.pagination;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * How a listing pages by keyset: which properties clients may sort on, the columns behind them,
 * and how to read each from a row. A sort ({@code sort=-occurredAt,name}: comma-separated names,
 * {@code -} for descending) is checked against this allowlist and always ends with the unique
 * tie-breaker, so every row has one place in the order. Key columns must be {@code NOT NULL}.
 *
 * <pre>{@code
 * Keyset<Event> keyset = Keyset.<Event>builder()
 *     .sortable("occurredAt", "occurred_at", Event::occurredAt)
 *     .tieBreaker("id", "id", Event::id)
 *     .defaultSort("-occurredAt")
 *     .build();
 * }</pre>
 *
 * @param <T> the row type
 */
public final class Keyset<T> {

	private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private final Map<String, Key<T>> keys;

	private final Key<T> tieBreaker;

	private final List<SortKey<T>> defaultSort;

	private Keyset(Map<String, Key<T>> keys, Key<T> tieBreaker, List<SortKey<T>> defaultSort) {
		this.keys = keys;
		this.tieBreaker = tieBreaker;
		this.defaultSort = defaultSort;
	}

	/**
	 * Starts a keyset.
	 * @param <T> the row type
	 * @return a builder
	 */
	public static <T> Builder<T> builder() {
		return new Builder<>();
	}

	/**
	 * Reads a sort against the allowlist, and ends it with the tie-breaker.
	 * @param sort the sort as the client gave it, or {@code null} for the default
	 * @return the sort keys, in order
	 * @throws ApiException {@code 400} {@code INVALID_SORT} if the sort is malformed, repeats a
	 * property, names one that cannot be sorted on, or has more than {@link Cursor#MAX_KEYS} keys
	 * with the tie-breaker
	 */
	public List<SortKey<T>> sort(@Nullable String sort) {
		if (sort == null) {
			return this.defaultSort;
		}
		List<SortKey<T>> order = new ArrayList<>();
		for (String part : sort.split(",", -1)) {
			String name = part.strip();
			boolean descending = name.startsWith("-");
			if (descending) {
				name = name.substring(1);
			}
			Key<T> key = this.keys.get(name);
			if (key == null) {
				throw new ApiException(ErrorCode.INVALID_SORT,
						"Sort by a comma-separated list of " + this.keys.keySet() + ", each with '-' for descending.",
						Map.of("sortable", List.copyOf(this.keys.keySet())));
			}
			for (SortKey<T> existing : order) {
				if (existing.name().equals(name)) {
					throw new ApiException(ErrorCode.INVALID_SORT, "The sort names '" + name + "' more than once.");
				}
			}
			order.add(new SortKey<>(key.name(), key.column(), descending, key.extractor()));
		}
		List<SortKey<T>> withTieBreaker = withTieBreaker(order);
		if (withTieBreaker.size() > Cursor.MAX_KEYS) {
			// a cursor holds at most that many keys
			throw new ApiException(ErrorCode.INVALID_SORT, "A sort may have at most " + Cursor.MAX_KEYS
					+ " properties, the tie-breaker '" + this.tieBreaker.name() + "' included.");
		}
		return withTieBreaker;
	}

	/**
	 * Returns the SQL pieces that fetch the requested page.
	 * @param request the request
	 * @return the query pieces
	 * @throws ApiException {@code 400} if the sort is invalid, or the cursor does not fit it
	 */
	public KeysetQuery query(CursorPageRequest request) {
		List<SortKey<T>> order = sort(request.sort());
		Cursor position = request.position().orElse(null);
		boolean backwards = position != null && position.direction() == Cursor.Direction.PREVIOUS;
		StringBuilder orderBy = new StringBuilder();
		for (SortKey<T> key : order) {
			if (orderBy.length() > 0) {
				orderBy.append(", ");
			}
			orderBy.append(key.column()).append((key.descending() != backwards) ? " DESC" : " ASC");
		}
		if (position == null) {
			return new KeysetQuery("", orderBy.toString(), request.fetchSize(), List.of());
		}
		if (position.keys().size() != order.size()) {
			throw new ApiException(ErrorCode.INVALID_CURSOR,
					"The cursor is not valid for this listing; start again from the first page.");
		}
		List<Object> parameters = new ArrayList<>();
		String predicate = sameDirection(order) ? rowComparison(order, position, backwards, parameters)
				: expandedComparison(order, position, backwards, parameters);
		return new KeysetQuery(predicate, orderBy.toString(), request.fetchSize(), parameters);
	}

	/**
	 * Makes the page from the rows the {@linkplain #query(CursorPageRequest) query} fetched, with
	 * the cursors of the pages around it.
	 * @param fetched the rows, in the query's order, at most {@code size + 1}
	 * @param request the request
	 * @return the page
	 * @throws IllegalStateException if a row has a {@code null} key
	 * @throws ApiException {@code 400} {@code INVALID_SORT} if a cursor the page needs would
	 * start at a row whose text key is longer than a cursor holds ({@link Cursor#MAX_TEXT_BYTES}
	 * bytes): the listing cannot be paged past that row in that sort, and the client may sort by
	 * other properties
	 */
	public CursorPage<T> page(List<T> fetched, CursorPageRequest request) {
		List<SortKey<T>> order = sort(request.sort());
		Cursor position = request.position().orElse(null);
		boolean more = fetched.size() > request.size();
		List<T> items = new ArrayList<>(more ? fetched.subList(0, request.size()) : fetched);
		if (position != null && position.direction() == Cursor.Direction.PREVIOUS) {
			Collections.reverse(items);
			if (items.isEmpty()) {
				return new CursorPage<>(items, null, false, null);
			}
			String next = request.issue(new Cursor(Cursor.Direction.NEXT, keysOf(items.get(items.size() - 1), order)));
			String previous = more ? request.issue(new Cursor(Cursor.Direction.PREVIOUS, keysOf(items.get(0), order)))
					: null;
			return new CursorPage<>(items, next, true, previous);
		}
		String next = (more && !items.isEmpty())
				? request.issue(new Cursor(Cursor.Direction.NEXT, keysOf(items.get(items.size() - 1), order))) : null;
		String previous = (position != null && !items.isEmpty())
				? request.issue(new Cursor(Cursor.Direction.PREVIOUS, keysOf(items.get(0), order))) : null;
		return new CursorPage<>(items, next, more, previous);
	}

	private List<SortKey<T>> withTieBreaker(List<SortKey<T>> order) {
		boolean hasTieBreaker = order.stream().anyMatch((key) -> key.name().equals(this.tieBreaker.name()));
		if (!hasTieBreaker) {
			boolean descending = !order.isEmpty() && order.get(order.size() - 1).descending();
			order.add(new SortKey<>(this.tieBreaker.name(), this.tieBreaker.column(), descending,
					this.tieBreaker.extractor()));
		}
		return List.copyOf(order);
	}

	private static <T> boolean sameDirection(List<SortKey<T>> order) {
		return order.stream().allMatch((key) -> key.descending() == order.get(0).descending());
	}

	/** {@code (a, b) > (?, ?)}: one comparison PostgreSQL can answer from a composite index. */
	private static <T> String rowComparison(List<SortKey<T>> order, Cursor position, boolean backwards,
			List<Object> parameters) {
		boolean greater = order.get(0).descending() == backwards;
		StringBuilder columns = new StringBuilder();
		StringBuilder marks = new StringBuilder();
		for (int i = 0; i < order.size(); i++) {
			columns.append((i > 0) ? ", " : "").append(order.get(i).column());
			marks.append((i > 0) ? ", " : "").append('?');
			parameters.add(position.keys().get(i));
		}
		String op = greater ? " > " : " < ";
		return (order.size() == 1) ? columns + op + marks : "(" + columns + ")" + op + "(" + marks + ")";
	}

	/** {@code (a > ?) OR (a = ? AND b < ?)}: for sorts that mix directions. */
	private static <T> String expandedComparison(List<SortKey<T>> order, Cursor position, boolean backwards,
			List<Object> parameters) {
		StringBuilder predicate = new StringBuilder("(");
		for (int i = 0; i < order.size(); i++) {
			predicate.append((i > 0) ? " OR " : "").append('(');
			for (int j = 0; j < i; j++) {
				predicate.append(order.get(j).column()).append(" = ? AND ");
				parameters.add(position.keys().get(j));
			}
			boolean greater = order.get(i).descending() == backwards;
			predicate.append(order.get(i).column()).append(greater ? " > ?" : " < ?").append(')');
			parameters.add(position.keys().get(i));
		}
		return predicate.append(')').toString();
	}

	private List<Object> keysOf(T row, List<SortKey<T>> order) {
		List<Object> values = new ArrayList<>(order.size());
		for (SortKey<T> key : order) {
			Object value = key.extractor().apply(row);
			if (value == null) {
				throw new IllegalStateException("key '" + key.name() + "' of a row is null; keyset columns must be NOT NULL");
			}
			if (Cursor.tooLong(value)) {
				// the row's data is not a client's mistake, but another sort pages past it
				throw new ApiException(ErrorCode.INVALID_SORT,
						"This listing cannot be paged by '" + key.name() + "' here: a value is longer than a cursor holds ("
								+ Cursor.MAX_TEXT_BYTES + " bytes). Sort by other properties.",
						Map.of("property", key.name()));
			}
			values.add(value);
		}
		return values;
	}

	/**
	 * One key of a sort.
	 *
	 * @param name the name clients sort by
	 * @param column the column behind it
	 * @param descending whether the sort is descending
	 * @param extractor reads the key from a row
	 * @param <T> the row type
	 */
	public record SortKey<T>(String name, String column, boolean descending, Function<T, ?> extractor) {
	}

	private record Key<T>(String name, String column, Function<T, ?> extractor) {
	}

	/**
	 * Builds a {@link Keyset}.
	 *
	 * @param <T> the row type
	 */
	public static final class Builder<T> {

		private final Map<String, Key<T>> keys = new LinkedHashMap<>();

		private @Nullable Key<T> tieBreaker;

		private @Nullable String defaultSort;

		private Builder() {
		}

		/**
		 * Adds a property clients may sort by.
		 * @param name the name clients use, such as {@code occurredAt}
		 * @param column the column, such as {@code occurred_at} or {@code e.occurred_at}
		 * @param extractor reads the value from a row
		 * @return this builder
		 * @throws IllegalArgumentException if the name is taken or the column is not a plain
		 * (optionally qualified) identifier
		 */
		public Builder<T> sortable(String name, String column, Function<T, ?> extractor) {
			add(new Key<>(requireName(name), requireColumn(column), Objects.requireNonNull(extractor, "extractor")));
			return this;
		}

		/**
		 * Sets the unique key that ends every sort, so that rows with equal sort keys still have
		 * one order; clients may sort by it too.
		 * @param name the name clients use, such as {@code id}
		 * @param column the column of a unique, not null key
		 * @param extractor reads the value from a row
		 * @return this builder
		 */
		public Builder<T> tieBreaker(String name, String column, Function<T, ?> extractor) {
			Key<T> key = new Key<>(requireName(name), requireColumn(column), Objects.requireNonNull(extractor, "extractor"));
			add(key);
			this.tieBreaker = key;
			return this;
		}

		/**
		 * Sets the sort used when the client gives none.
		 * @param sort a sort in the client's syntax, such as {@code -occurredAt}
		 * @return this builder
		 */
		public Builder<T> defaultSort(String sort) {
			this.defaultSort = Objects.requireNonNull(sort, "sort");
			return this;
		}

		/**
		 * Builds the keyset.
		 * @return the keyset
		 * @throws IllegalStateException if no tie-breaker is set
		 * @throws IllegalArgumentException if the default sort is not valid
		 */
		public Keyset<T> build() {
			if (this.tieBreaker == null) {
				throw new IllegalStateException("a keyset needs a unique tie-breaker key");
			}
			Keyset<T> keyset = new Keyset<>(Map.copyOf(this.keys), this.tieBreaker, List.of());
			List<SortKey<T>> defaultOrder;
			try {
				defaultOrder = keyset.sort((this.defaultSort != null) ? this.defaultSort : this.tieBreaker.name());
			}
			catch (ApiException ex) {
				throw new IllegalArgumentException("default sort '" + this.defaultSort + "' is not valid: " + ex.detail());
			}
			return new Keyset<>(Collections.unmodifiableMap(new LinkedHashMap<>(this.keys)), this.tieBreaker,
					defaultOrder);
		}

		private void add(Key<T> key) {
			if (this.keys.putIfAbsent(key.name(), key) != null) {
				throw new IllegalArgumentException("key '" + key.name() + "' is declared twice");
			}
		}

		private static String requireName(String name) {
			if (name == null || name.isBlank() || name.startsWith("-") || name.contains(",")) {
				throw new IllegalArgumentException("key name must be a non-blank name without ',' or a leading '-'");
			}
			return name;
		}

		private static String requireColumn(String column) {
			if (column == null || !COLUMN.matcher(column).matches()) {
				throw new IllegalArgumentException(
						"column must be an identifier, optionally qualified, such as occurred_at or e.occurred_at, but was '"
								+ column + "'");
			}
			return column;
		}

	}

}
