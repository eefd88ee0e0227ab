package dev.hardening.pagination;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing by position.
 *
 * @param items the items of the page
 * @param page the page number as the client counts
 * @param size the page size asked for
 * @param total the number of items in the listing, or {@code null} when not counted
 * @param totalPages the number of pages, or {@code null} when not counted
 * @param hasNext whether a page follows
 * @param hasPrevious whether a page comes before
 * @param <T> the item type
 */
public record OffsetPage<T>(List<T> items, int page, int size, @Nullable Long total, @Nullable Long totalPages,
		boolean hasNext, boolean hasPrevious) {

	/**
	 * Copies the items.
	 */
	public OffsetPage {
		items = List.copyOf(items);
	}

	/**
	 * Makes a counted page.
	 * @param items the items of the page, at most {@code request.size()}
	 * @param request the request
	 * @param total the number of items in the whole listing
	 * @param <T> the item type
	 * @return the page
	 */
	public static <T> OffsetPage<T> of(List<T> items, OffsetPageRequest request, long total) {
		Objects.requireNonNull(request, "request must not be null");
		long totalPages = (total + request.size() - 1) / request.size();
		return new OffsetPage<>(items, request.page(), request.size(), total, totalPages,
				request.index() + 1L < totalPages, request.index() > 0);
	}

	/**
	 * Makes a page without counting, from a fetch of {@link OffsetPageRequest#fetchSize()} rows:
	 * an extra row means a next page exists.
	 * @param fetched the rows fetched at the request's offset, at most {@code size + 1}
	 * @param request the request
	 * @param <T> the item type
	 * @return the page, without total
	 */
	public static <T> OffsetPage<T> ofFetched(List<T> fetched, OffsetPageRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		boolean hasNext = fetched.size() > request.size();
		List<T> items = hasNext ? fetched.subList(0, request.size()) : fetched;
		return new OffsetPage<>(items, request.page(), request.size(), null, null, hasNext, request.index() > 0);
	}

}
