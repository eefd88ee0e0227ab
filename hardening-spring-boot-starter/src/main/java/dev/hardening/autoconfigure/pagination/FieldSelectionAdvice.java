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
 * {@code 304} to a conditional request included.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE + 200)
public class FieldSelectionAdvice implements ResponseBodyAdvice<Object> {

	private static final String SELECTION = FieldSelectionAdvice.class.getName() + ".selection";

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
	 * keeps it for {@link #beforeBodyWrite}.
	 * @param request the request, on its first dispatch
	 * @throws ApiException {@code 400} {@code INVALID_PARAMETER} if the selection or the query is
	 * malformed
	 */
	void prepare(HttpServletRequest request) {
		if (!this.paths.matches(request)) {
			return;
		}
		String[] values = QueryParameters.values(request, this.parameter);
		if (values != null) {
			request.setAttribute(SELECTION, FieldSelection.parse(this.parameter, List.of(values)));
		}
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return !this.paths.isEmpty();
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
		String[] values = QueryParameters.values(request, this.parameter);
		return (values != null) ? FieldSelection.parse(this.parameter, List.of(values)) : null;
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
