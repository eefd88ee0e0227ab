package dev.hardening.autoconfigure.etag;

import java.io.IOException;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * {@code hardening.etag.require-if-match}: a {@code PUT}, {@code PATCH} or {@code DELETE} on one
 * of its paths without {@code If-Match} is answered {@code 428 PRECONDITION_REQUIRED}. The ETag
 * filter asks first, before the application's filters run; as a {@link HandlerInterceptor} it asks
 * again on the request as Spring MVC routed it, since a filter after the ETag filter may have
 * changed the method: Spring's {@code HiddenHttpMethodFilter} turns a {@code POST} with
 * {@code _method=PUT} into a {@code PUT}, which must not escape the requirement that way.
 */
final class IfMatchRequirement implements HandlerInterceptor {

	private final PathPatterns paths;

	private final @Nullable ProblemResponseWriter problems;

	IfMatchRequirement(PathPatterns paths, @Nullable ProblemResponseWriter problems) {
		this.paths = paths;
		this.problems = problems;
	}

	/** Whether no path requires {@code If-Match}. */
	boolean isEmpty() {
		return this.paths.isEmpty();
	}

	/** Whether the request is a write that must carry {@code If-Match} and does not. */
	boolean refuses(HttpServletRequest request) {
		return isWrite(request.getMethod()) && request.getHeader(HttpHeaders.IF_MATCH) == null
				&& this.paths.matches(request);
	}

	/** Answers {@code 428 PRECONDITION_REQUIRED}. */
	void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String detail = "This request must be conditional: send If-Match with the ETag you last read.";
		ProblemResponseWriter.refuse(this.problems, request, response, ErrorCode.PRECONDITION_REQUIRED, detail);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		if (request.getDispatcherType() == DispatcherType.REQUEST && refuses(request)) {
			refuse(request, response);
			return false;
		}
		return true;
	}

	static boolean isWrite(String method) {
		return "PUT".equals(method) || "PATCH".equals(method) || "DELETE".equals(method);
	}

}
