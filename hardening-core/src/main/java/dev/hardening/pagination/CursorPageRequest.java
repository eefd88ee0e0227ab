package dev.hardening.pagination;

import java.util.Objects;
import java.util.Optional;

import dev.hardening.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * A request for one page of a keyset listing: the page size, the sort the client asked for, and
 * the position to read from, decoded from the client's cursor and checked to belong to this
 * listing and sort. It also signs the cursors of the page it produces, for the same scope.
 */
public final class CursorPageRequest {

	private final int size;

	private final @Nullable String sort;

	private final @Nullable Cursor position;

	private final CursorCodec codec;

	private final String scope;

	private CursorPageRequest(int size, @Nullable String sort, @Nullable Cursor position, CursorCodec codec,
			String scope) {
		this.size = size;
		this.sort = sort;
		this.position = position;
		this.codec = codec;
		this.scope = scope;
	}

	/**
	 * Reads a request.
	 * @param size the page size, already checked against bounds
	 * @param sort the sort as the client gave it, or {@code null} for the listing's default
	 * @param cursor the client's cursor, or {@code null} for the first page
	 * @param codec the codec cursors are signed with
	 * @param listing what is paged, such as the endpoint's path pattern; a cursor of another
	 * listing, or of another sort, is refused
	 * @return the request
	 * @throws ApiException {@code 400} {@code INVALID_CURSOR} if the cursor is not valid here
	 */
	public static CursorPageRequest of(int size, @Nullable String sort, @Nullable String cursor, CursorCodec codec,
			String listing) {
		if (size < 1) {
			throw new IllegalArgumentException("size must be at least 1, but was " + size);
		}
		Objects.requireNonNull(codec, "codec must not be null");
		String scope = listing + '\n' + ((sort != null) ? sort : "");
		Cursor position = (cursor != null) ? codec.decode(cursor, scope) : null;
		return new CursorPageRequest(size, sort, position, codec, scope);
	}

	/**
	 * Returns the page size.
	 * @return at least 1
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Returns the sort the client asked for.
	 * @return the sort, or {@code null} for the listing's default
	 */
	public @Nullable String sort() {
		return this.sort;
	}

	/**
	 * Returns the position to read from.
	 * @return the position, or empty for the first page
	 */
	public Optional<Cursor> position() {
		return Optional.ofNullable(this.position);
	}

	/**
	 * Returns how many rows to fetch to know whether more follow: one more than the size.
	 * @return {@code size + 1}
	 */
	public int fetchSize() {
		return this.size + 1;
	}

	/**
	 * Signs a cursor for this listing and sort.
	 * @param cursor the cursor
	 * @return the token to give the client
	 */
	public String issue(Cursor cursor) {
		return this.codec.encode(cursor, this.scope);
	}

}
