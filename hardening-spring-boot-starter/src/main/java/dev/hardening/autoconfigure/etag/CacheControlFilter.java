package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sets {@code Cache-Control} where the application did not: the value of the first rule whose
 * paths match, for {@code GET} and {@code HEAD}; and, for every error response, the error value
 * ({@code no-store}), replacing a rule's value, so that no shared cache keeps an error.
 */
final class CacheControlFilter extends OncePerRequestFilter {

	private final List<Rule> rules;

	private final @Nullable String errorValue;

	CacheControlFilter(List<Rule> rules, @Nullable String errorValue) {
		this.rules = rules;
		this.errorValue = errorValue;
	}

	record Rule(PathPatterns paths, String value) {
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String ruleValue = null;
		String method = request.getMethod();
		if (!this.rules.isEmpty() && ("GET".equals(method) || "HEAD".equals(method))) {
			for (Rule rule : this.rules) {
				if (rule.paths().matches(request)) {
					ruleValue = rule.value();
					response.setHeader(HttpHeaders.CACHE_CONTROL, ruleValue);
					break;
				}
			}
		}
		if (this.errorValue == null) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(request, new ErrorAware(response, ruleValue, this.errorValue));
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** Marks error responses as they are set, before anything is committed. */
	private static final class ErrorAware extends HttpServletResponseWrapper {

		private final @Nullable String ruleValue;

		private final String errorValue;

		ErrorAware(HttpServletResponse response, @Nullable String ruleValue, String errorValue) {
			super(response);
			this.ruleValue = ruleValue;
			this.errorValue = errorValue;
		}

		@Override
		public void setStatus(int status) {
			markIfError(status);
			super.setStatus(status);
		}

		@Override
		public void sendError(int status) throws IOException {
			markIfError(status);
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			markIfError(status);
			super.sendError(status, message);
		}

		private void markIfError(int status) {
			if (status < 400 || isCommitted()) {
				return;
			}
			String current = getHeader(HttpHeaders.CACHE_CONTROL);
			if (current == null || current.equals(this.ruleValue)) {
				setHeader(HttpHeaders.CACHE_CONTROL, this.errorValue);
			}
		}

	}

}
