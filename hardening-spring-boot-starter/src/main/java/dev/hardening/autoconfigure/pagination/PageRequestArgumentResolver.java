package dev.hardening.autoconfigure.pagination;

import java.util.List;
import java.util.Map;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.pagination.CursorCodec;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.pagination.OffsetPageRequest;
import dev.hardening.pagination.Paging;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves {@link OffsetPageRequest} and {@link CursorPageRequest} controller parameters from
 * the query, checked against {@code hardening.pagination.*}. A cursor is bound to the request
 * path and the sort it was issued with.
 */
final class PageRequestArgumentResolver implements HandlerMethodArgumentResolver {

	private final Paging paging;

	private final CursorCodec codec;

	private final PaginationProperties properties;

	PageRequestArgumentResolver(Paging paging, CursorCodec codec, PaginationProperties properties) {
		this.paging = paging;
		this.codec = codec;
		this.properties = properties;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == OffsetPageRequest.class || type == CursorPageRequest.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		if (request == null) {
			throw new IllegalStateException("Page requests need a servlet request");
		}
		List<String> sizes = values(request, this.properties.getSizeParameter());
		if (parameter.getParameterType() == OffsetPageRequest.class) {
			return this.paging.offsetRequest(values(request, this.properties.getPageParameter()), sizes);
		}
		String sort = single(request, this.properties.getSortParameter(), ErrorCode.INVALID_SORT);
		String cursor = single(request, this.properties.getCursorParameter(), ErrorCode.INVALID_CURSOR);
		if (cursor != null && cursor.isEmpty()) {
			throw new ApiException(ErrorCode.INVALID_CURSOR, "The cursor is empty; leave it out for the first page.");
		}
		return CursorPageRequest.of(this.paging.size(sizes), sort, cursor, this.codec, request.getRequestURI());
	}

	private static List<String> values(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return (values != null) ? List.of(values) : List.of();
	}

	private static @Nullable String single(HttpServletRequest request, String name, ErrorCode code) {
		String[] values = request.getParameterValues(name);
		if (values == null) {
			return null;
		}
		if (values.length > 1) {
			throw new ApiException(code, "Parameter '" + name + "' is given more than once.", Map.of("parameter", name));
		}
		return values[0];
	}

}
