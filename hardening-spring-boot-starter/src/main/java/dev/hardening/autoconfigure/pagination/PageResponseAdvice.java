package dev.hardening.autoconfigure.pagination;

import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.OffsetPage;
import dev.hardening.pagination.PageLinks;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Gives page responses their RFC 8288 {@code Link} header ({@code first}, {@code prev},
 * {@code next}, and {@code last} when counted) and, by property, {@code X-Total-Count}. Runs
 * before field selection, which may turn the body into a tree. The header is bounded by
 * {@code hardening.pagination.max-link-header-size}, so that a long query cannot overflow the
 * container's response header buffer: links that do not fit are left out, and the header too
 * when none fits.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class PageResponseAdvice implements ResponseBodyAdvice<Object> {

	static final String TOTAL_COUNT = "X-Total-Count";

	private final PaginationProperties properties;

	private final int firstPage;

	private final int maxLinkLength;

	/**
	 * Creates the advice.
	 * @param properties the pagination settings
	 */
	public PageResponseAdvice(PaginationProperties properties) {
		this.properties = properties;
		this.firstPage = properties.isZeroBased() ? 0 : 1;
		this.maxLinkLength = (int) Math.min(properties.getMaxLinkHeaderSize().toBytes(), Integer.MAX_VALUE);
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (!(body instanceof OffsetPage<?>) && !(body instanceof CursorPage<?>)
				|| !(request instanceof ServletServerHttpRequest servlet)) {
			return body;
		}
		HttpServletRequest http = servlet.getServletRequest();
		String path = http.getRequestURI();
		String query = http.getQueryString();
		HttpHeaders headers = response.getHeaders();
		if (body instanceof OffsetPage<?> page) {
			addLinks(headers, PageLinks.offset(path, query, page, this.firstPage, this.properties.getPageParameter(),
					this.properties.getSizeParameter(), this.maxLinkLength));
			if (this.properties.isTotalCountHeader() && page.total() != null) {
				headers.set(TOTAL_COUNT, Long.toString(page.total()));
			}
		}
		else if (body instanceof CursorPage<?> page) {
			addLinks(headers, PageLinks.cursor(path, query, page, this.properties.getCursorParameter(),
					this.maxLinkLength));
		}
		return body;
	}

	private static void addLinks(HttpHeaders headers, String links) {
		if (!links.isEmpty()) {
			headers.add(HttpHeaders.LINK, links);
		}
	}

}
