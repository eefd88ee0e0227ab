package dev.hardening.autoconfigure.pagination;

import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.OffsetPageRequest;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;

/**
 * Bridges to Spring Data, so repositories that take a {@link Pageable} keep working behind our
 * checked requests and page bodies.
 *
 * <pre>{@code
 * @GetMapping("/projects")
 * OffsetPage<Project> list(OffsetPageRequest request) {
 *     Page<Project> page = repository.findAll(SpringDataPages.pageable(request, Sort.by("name")));
 *     return SpringDataPages.page(page, request);
 * }
 * }</pre>
 */
public final class SpringDataPages {

	private SpringDataPages() {
	}

	/**
	 * Returns the {@link Pageable} of a request.
	 * @param request the checked request
	 * @param sort the sort, chosen by the application (never from raw input)
	 * @return the pageable, zero-based as Spring Data counts
	 */
	public static Pageable pageable(OffsetPageRequest request, Sort sort) {
		return PageRequest.of(request.index(), request.size(), sort);
	}

	/**
	 * Returns the counted page body of a Spring Data page.
	 * @param page the page the repository returned
	 * @param request the request it answers
	 * @param <T> the item type
	 * @return the page body
	 */
	public static <T> OffsetPage<T> page(Page<T> page, OffsetPageRequest request) {
		return OffsetPage.of(page.getContent(), request, page.getTotalElements());
	}

	/**
	 * Returns the uncounted page body of a Spring Data slice, which knows only whether more
	 * follow.
	 * @param slice the slice the repository returned
	 * @param request the request it answers
	 * @param <T> the item type
	 * @return the page body, without total
	 */
	public static <T> OffsetPage<T> page(Slice<T> slice, OffsetPageRequest request) {
		return new OffsetPage<>(slice.getContent(), request.page(), request.size(), null, null, slice.hasNext(),
				slice.hasPrevious());
	}

}
