package dev.hardening.autoconfigure.pagination;

import java.util.List;
import java.util.Map;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.pagination.PaginationProperties.UnknownFields;
import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import dev.hardening.pagination.CursorPage;
import dev.hardening.pagination.OffsetPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Trims successful JSON responses of the configured paths to the members the {@code fields}
 * parameter names. The body is first written as the handler's own Jackson converter would write
 * it, with the handler's {@code @JsonView}, the converter's mapper (mixins, {@code @JsonIgnore},
 * inclusion) and the filters other advice gives it, and read back as a tree: a field that
 * serialization hides is not in the tree, so selecting it is an unknown field, as a field the
 * type does not have. A body that a converter other than Spring's Jackson converters writes is
 * left whole. In a page, the selection applies to each item. Runs after
 * {@link PageResponseAdvice}. The selection is parsed before the handler runs (see
 * {@link #prepare}), so that a malformed one is refused whatever the handler would answer, a
 * {@code 304} to a conditional request included. A selection refused as {@code UNKNOWN_FIELD}
 * is refused after the handler answered: the headers the handler and the advice before this one
 * set for that answer ({@code ETag}, {@code Cache-Control}, {@code Link},
 * {@code X-Total-Count}, ...) are taken back first, so that the problem goes out with the headers
 * the response had before the handler ran, as any other problem.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 200)
public class FieldSelectionAdvice implements ResponseBodyAdvice<Object> {

	private static final String SELECTION = FieldSelectionAdvice.class.getName() + ".selection";

	private static final String HEADERS = FieldSelectionAdvice.class.getName() + ".headers";

	private final HandlerJson json;

	private final PathPatterns paths;

	private final String parameter;

	private final boolean rejectUnknown;

	/**
	 * Creates the advice.
	 * @param context the application context, whose Spring MVC converters and response body
	 * advice write the body before it is trimmed
	 * @param fields the field selection settings
	 */
	public FieldSelectionAdvice(ApplicationContext context, PaginationProperties.Fields fields) {
		this.json = new HandlerJson(context);
		this.paths = PathPatterns.of(fields.getPaths(), "hardening.pagination.fields.paths", fields.getExcludePaths(),
				"hardening.pagination.fields.exclude-paths");
		this.parameter = fields.getParameter();
		this.rejectUnknown = fields.getUnknown() == UnknownFields.REJECT;
	}

	/**
	 * Parses the selection of a request on the configured paths before its handler runs, and
	 * keeps it for {@link #beforeBodyWrite}, with the response's headers as they are then, for a
	 * refusal to go out with.
	 * @param request the request, on its first dispatch
	 * @param response the response, before the handler has set anything on it
	 * @throws ApiException {@code 400} {@code INVALID_PARAMETER} if the selection or the query is
	 * malformed
	 */
	void prepare(HttpServletRequest request, HttpServletResponse response) {
		if (!this.paths.matches(request)) {
			return;
		}
		FieldSelection selection = parse(request);
		if (selection == null) {
			return;
		}
		request.setAttribute(SELECTION, selection);
		if (this.rejectUnknown) {
			Map<String, List<String>> headers = new LinkedCaseInsensitiveMap<>();
			for (String name : response.getHeaderNames()) {
				headers.put(name, List.copyOf(response.getHeaders(name)));
			}
			request.setAttribute(HEADERS, new Headers(headers));
		}
	}

	/**
	 * Whether any path is configured for selection ({@code hardening.pagination.fields.paths}).
	 * @return {@code false} if no request is ever selected on
	 */
	boolean selectsOnSomePath() {
		return !this.paths.isEmpty();
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return selectsOnSomePath();
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
			Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
			ServerHttpResponse response) {
		if (body == null || body instanceof ProblemDetail || body instanceof CharSequence || body instanceof byte[]
				|| !isJson(contentType) || !(request instanceof ServletServerHttpRequest servlet)) {
			return body;
		}
		HttpServletRequest http = servlet.getServletRequest();
		if (!this.paths.matches(http) || !successful(response)) {
			return body;
		}
		FieldSelection selection = selection(http);
		if (selection == null) {
			return body;
		}
		JsonNode tree = this.json.write(body, returnType, contentType, converterType);
		if (tree == null) {
			return body;
		}
		JsonNode selected = isPage(body) ? ((ObjectNode) tree).get("items") : tree;
		List<String> unknown = (selected != null) ? selection.apply(selected) : List.of();
		if (this.rejectUnknown && !unknown.isEmpty()) {
			restoreHeaders(http, response);
			throw new ApiException(ErrorCode.UNKNOWN_FIELD,
					"The response has no field " + String.join(", ", unknown) + ".", Map.of("fields", unknown));
		}
		return tree;
	}

	/** The selection {@link #prepare} parsed, or, for a request it did not see, the one parsed now. */
	private @Nullable FieldSelection selection(HttpServletRequest request) {
		if (request.getAttribute(SELECTION) instanceof FieldSelection prepared) {
			return prepared;
		}
		return parse(request);
	}

	/** The request's selection, {@code null} without the parameter. */
	private @Nullable FieldSelection parse(HttpServletRequest request) {
		String[] values = request.getParameterValues(this.parameter);
		return (values != null) ? FieldSelection.parse(this.parameter, List.of(values)) : null;
	}

	/**
	 * Takes back the headers set since {@link #prepare}: removes those added, and gives those
	 * changed their values of then. Headers that filters add as the response commits (an error's
	 * {@code Cache-Control: no-store}) are added after this.
	 */
	private static void restoreHeaders(HttpServletRequest request, ServerHttpResponse response) {
		if (!(request.getAttribute(HEADERS) instanceof Headers before)
				|| !(response instanceof ServletServerHttpResponse servlet)) {
			return;
		}
		Map<String, List<String>> headers = before.values();
		HttpServletResponse http = servlet.getServletResponse();
		for (String name : List.copyOf(http.getHeaderNames())) {
			if (!headers.containsKey(name)) {
				// Servlet 6.1: a null value removes the header
				http.setHeader(name, null);
			}
		}
		headers.forEach((name, values) -> {
			if (!values.equals(List.copyOf(http.getHeaders(name)))) {
				http.setHeader(name, null);
				values.forEach((value) -> http.addHeader(name, value));
			}
		});
	}

	/** The response's headers before the handler ran, by case-insensitive name. */
	private record Headers(Map<String, List<String>> values) {
	}

	private static boolean isPage(Object body) {
		return body instanceof OffsetPage<?> || body instanceof CursorPage<?>;
	}

	private static boolean isJson(MediaType contentType) {
		return MediaType.APPLICATION_JSON.isCompatibleWith(contentType)
				|| (contentType.getSubtype() != null && contentType.getSubtype().endsWith("+json"));
	}

	private static boolean successful(ServerHttpResponse response) {
		return !(response instanceof ServletServerHttpResponse servlet)
				|| servlet.getServletResponse().getStatus() < 300;
	}

}
