package dev.hardening.pagination;

/**
 * A request for one page of a listing by position: the page number as the client counts
 * (from 1 by default, from 0 when so configured) and its size. Made by {@link Paging}, which
 * checks both.
 *
 * @param page the page number as the client counts
 * @param size the page size, at least 1
 * @param firstPage the number of the first page: 1, or 0
 */
public record OffsetPageRequest(int page, int size, int firstPage) {

	/**
	 * Validates the components.
	 * @throws IllegalArgumentException if a component is out of range
	 */
	public OffsetPageRequest {
		if (firstPage != 0 && firstPage != 1) {
			throw new IllegalArgumentException("firstPage must be 0 or 1, but was " + firstPage);
		}
		if (page < firstPage) {
			throw new IllegalArgumentException("page must be at least " + firstPage + ", but was " + page);
		}
		if (size < 1) {
			throw new IllegalArgumentException("size must be at least 1, but was " + size);
		}
	}

	/**
	 * Returns the page's index from zero.
	 * @return the index
	 */
	public int index() {
		return this.page - this.firstPage;
	}

	/**
	 * Returns the number of rows before the page, for {@code OFFSET}.
	 * @return the offset
	 */
	public long offset() {
		return (long) index() * this.size;
	}

	/**
	 * Returns how many rows to fetch to know whether a next page exists without counting: one
	 * more than the size.
	 * @return {@code size + 1}
	 */
	public int fetchSize() {
		return this.size + 1;
	}

}
