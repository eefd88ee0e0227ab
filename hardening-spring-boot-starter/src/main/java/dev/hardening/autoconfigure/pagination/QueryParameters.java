package dev.hardening.autoconfigure.pagination;

import java.util.Map;

import dev.hardening.error.ApiException;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Reads query parameters as a client problem when the query cannot be read: Tomcat throws an
 * {@code IllegalStateException} ({@code InvalidParameterException}) from
 * {@code getParameterValues} for a query such as {@code a&=x}, which would otherwise be a
 * {@code 500}.
 */
final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * Returns every value of a parameter.
	 * @return the values, or {@code null} if absent
	 * @throws ApiException {@code 400} {@code INVALID_PARAMETER} if the container cannot parse
	 * the query
	 */
	static String @Nullable [] values(HttpServletRequest request, String name) {
		try {
			return request.getParameterValues(name);
		}
		catch (IllegalStateException ex) {
			// the message quotes the client's query: it is not passed on
			throw new ApiException(ErrorCode.INVALID_PARAMETER,
					"The query string is malformed; parameters are name=value pairs joined by '&'.",
					Map.of("parameter", name));
		}
	}

}
