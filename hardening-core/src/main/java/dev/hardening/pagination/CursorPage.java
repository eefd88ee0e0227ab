package dev.hardening.pagination;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a keyset listing.
 *
 * @param items the items of the page
 * @param nextCursor the cursor of the page that follows, or {@code null} if none does
 * @param hasNext whether a page follows
 * @param prevCursor the cursor of the page that comes before, or {@code null} on the first page
 * @param <T> the item type
 */
public record CursorPage<T>(List<T> items, @Nullable String nextCursor, boolean hasNext,
		@Nullable String prevCursor) {

	/**
	 * Copies the items.
	 */
	public CursorPage {
		items = List.copyOf(items);
	}

}
