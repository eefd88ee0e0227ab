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
 * ({@code no-store}), replacing a rule's value, so that no shared cache keeps an error. When the
 * server compresses responses, a {@code 304} also gets the {@code Vary: Accept-Encoding} its
 * {@code 200} would have had (RFC 9110 §15.4.5): the container adds it only to bodies it compresses.
 */
final class CacheControlFilter extends OncePerRequestFilter {

	private final List<Rule> rules;

	private final @Nullable String errorValue;

	private final boolean compression;

	CacheControlFilter(List<Rule> rules, @Nullable String errorValue, boolean compression) {
		this.rules = rules;
		this.errorValue = errorValue;
		this.compression = compression;
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
		if (this.errorValue == null && !this.compression) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(request, new StatusAware(response, ruleValue, this.errorValue, this.compression));
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** Adds the headers a status calls for as the status is set, before anything is committed. */
	private static final class StatusAware extends HttpServletResponseWrapper {

		private final @Nullable String ruleValue;

		private final @Nullable String errorValue;

		private final boolean compression;

		StatusAware(HttpServletResponse response, @Nullable String ruleValue, @Nullable String errorValue,
				boolean compression) {
			super(response);
			this.ruleValue = ruleValue;
			this.errorValue = errorValue;
			this.compression = compression;
		}

		@Override
		public void setStatus(int status) {
			markIfError(status);
			if (status == SC_NOT_MODIFIED && this.compression && !isCommitted() && !variesByEncoding()) {
				addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
			}
			super.setStatus(status);
		}

		private boolean variesByEncoding() {
			for (String vary : getHeaders(HttpHeaders.VARY)) {
				for (String name : vary.split(",")) {
					if (name.trim().equalsIgnoreCase(HttpHeaders.ACCEPT_ENCODING) || name.trim().equals("*")) {
						return true;
					}
				}
			}
			return false;
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
			if (this.errorValue == null || status < 400 || isCommitted()) {
				return;
			}
			String current = getHeader(HttpHeaders.CACHE_CONTROL);
			if (current == null || current.equals(this.ruleValue)) {
				setHeader(HttpHeaders.CACHE_CONTROL, this.errorValue);
			}
		}

	}

}
