package dev.hardening.autoconfigure.jdbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Counts the statements run on this thread while it is open: how many, how long they took, and
 * how often each shape (the SQL with its literals and bound values left out) came back. The
 * starter opens one per request; tests open their own to pin an endpoint's statement count.
 * Scopes nest: a statement counts in every scope open on the thread. The starter's scope of a
 * request also counts the statements of a {@code Callable} (or {@code WebAsyncTask}) the handler
 * returned, on Spring MVC's async executor; not those on threads the application runs itself,
 * such as the one that completes a {@code DeferredResult} or a {@code CompletableFuture}.
 *
 * <pre>{@code
 * try (QueryScope scope = QueryScope.open()) {
 *     mockMvc.perform(get("/projects"));
 *     assertThat(scope.statements()).isLessThanOrEqualTo(3);
 * }
 * }</pre>
 */
public final class QueryScope implements AutoCloseable {

	private static final ThreadLocal<QueryScope> CURRENT = new ThreadLocal<>();

	private final @Nullable QueryScope parent;

	// guarded by this: an async request's scope is written on the worker thread and read on another
	private int statements;

	private long millis;

	private final Map<String, Integer> shapes = new LinkedHashMap<>();

	private QueryScope(@Nullable QueryScope parent) {
		this.parent = parent;
	}

	/**
	 * Opens a scope on this thread.
	 * @return the scope; close it on this thread
	 */
	public static QueryScope open() {
		QueryScope scope = new QueryScope(CURRENT.get());
		CURRENT.set(scope);
		return scope;
	}

	/**
	 * Returns the statements run in the scope so far; a batch counts as its size.
	 * @return the count
	 */
	public synchronized int statements() {
		return this.statements;
	}

	/**
	 * Returns the time the statements took, as the driver reported it.
	 * @return the total
	 */
	public synchronized Duration time() {
		return Duration.ofMillis(this.millis);
	}

	/**
	 * Returns how often each statement shape ran.
	 * @return shapes and counts, in the order first seen
	 */
	public synchronized Map<String, Integer> shapes() {
		return Map.copyOf(this.shapes);
	}

	/**
	 * Returns the shape that ran most often.
	 * @return the shape and its count, or empty if nothing ran
	 */
	public synchronized Optional<Map.Entry<String, Integer>> mostRepeated() {
		return this.shapes.entrySet()
			.stream()
			.max(Map.Entry.comparingByValue())
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue()));
	}

	static boolean active() {
		return CURRENT.get() != null;
	}

	static void record(String shape, int count, long millis) {
		for (QueryScope scope = CURRENT.get(); scope != null; scope = scope.parent) {
			scope.add(shape, count, millis);
		}
	}

	private synchronized void add(String shape, int count, long millis) {
		this.statements += count;
		this.millis += millis;
		this.shapes.merge(shape, count, Integer::sum);
	}

	/** The scope open on this thread, or {@code null}. */
	static @Nullable QueryScope current() {
		return CURRENT.get();
	}

	/**
	 * Makes a scope current on this thread, whichever thread opened it: an async request's scope
	 * on the thread that runs its {@code Callable} or its async dispatch.
	 * @param scope the scope
	 * @return the scope that was current, to {@link #restore} afterwards
	 */
	static @Nullable QueryScope attach(QueryScope scope) {
		QueryScope previous = CURRENT.get();
		CURRENT.set(scope);
		return previous;
	}

	/**
	 * Makes a scope current again, dropping whatever was opened on this thread since and not
	 * closed, so that no scope outlives the work it was opened for on a pooled thread.
	 * @param previous the scope to make current, or {@code null} for none
	 */
	static void restore(@Nullable QueryScope previous) {
		if (previous != null) {
			CURRENT.set(previous);
		}
		else {
			CURRENT.remove();
		}
	}

	/**
	 * Closes the scope; the one it was opened in is current again.
	 */
	@Override
	public void close() {
		if (CURRENT.get() == this) {
			if (this.parent != null) {
				CURRENT.set(this.parent);
			}
			else {
				CURRENT.remove();
			}
		}
	}

}
