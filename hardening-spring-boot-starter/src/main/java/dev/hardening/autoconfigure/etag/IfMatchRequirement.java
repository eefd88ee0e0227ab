package dev.hardening.autoconfigure.etag;

import java.io.IOException;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * {@code hardening.etag.require-if-match}: a {@code PUT}, {@code PATCH} or {@code DELETE} on one
 * of its paths without {@code If-Match} is answered {@code 428 PRECONDITION_REQUIRED}. The ETag
 * filter asks first, before the application's filters run. A filter after it may change the
 * method (Spring's {@code HiddenHttpMethodFilter} turns a {@code POST} with {@code _method=PUT}
 * into a {@code PUT}), and a handler may forward a write to a required path, so it is asked again:
 * as a {@link HandlerInterceptor}, as Spring MVC routes the request and its forwards, whatever
 * order the filters ran in; and as a filter last in the chain (for the actuator's endpoints and
 * the application's own servlets, which no interceptor sees), after every filter ordered before
 * it. Not an include, whose response can carry no status of its own.
 */
final class IfMatchRequirement implements Filter, HandlerInterceptor {

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
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest http = (HttpServletRequest) request;
		if (refuses(http)) {
			refuse(http, (HttpServletResponse) response);
			return;
		}
		chain.doFilter(request, response);
	}

	/** Asked again as Spring MVC routes the request or a forward, whatever order the filters ran in. */
	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		DispatcherType type = request.getDispatcherType();
		if ((type == DispatcherType.REQUEST || type == DispatcherType.FORWARD) && refuses(request)) {
			refuse(request, response);
			return false;
		}
		return true;
	}

	private static boolean isWrite(String method) {
		return "PUT".equals(method) || "PATCH".equals(method) || "DELETE".equals(method);
	}

}
