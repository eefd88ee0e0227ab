package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.util.List;

import dev.hardening.autoconfigure.CommitAwareResponse;
import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Sets {@code Cache-Control} where the application did not: the value of the first rule whose
 * paths match, for {@code GET} and {@code HEAD}; and, for every error response that does not say
 * how to cache it by the time it commits, the error value ({@code no-store}), replacing a rule's
 * value, so that no shared cache keeps an error. Spring Security's {@code Cache-Control},
 * {@code Pragma} and {@code Expires}, written at commit inside this filter, are kept. When the
 * server compresses responses, a {@code 304} also gets the {@code Vary: Accept-Encoding} its
 * {@code 200} would have had (RFC 9110 §15.4.5): the container adds it only to bodies it compresses.
 */
final class CacheControlFilter extends HardeningFilter {

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
		if (this.errorValue == null && !this.compression && ruleValue == null) {
			chain.doFilter(request, response);
			return;
		}
		StatusAware wrapper = new StatusAware(response, ruleValue, this.errorValue, this.compression);
		chain.doFilter(request, wrapper);
		wrapper.committing(request);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/**
	 * Adds the headers a status calls for: {@code Vary} on a {@code 304} as the status is set, and
	 * the error value when an error response commits (see {@link CommitAwareResponse}), so that
	 * caching headers the application or Spring Security's header writer set before then are
	 * found and kept.
	 */
	private static final class StatusAware extends CommitAwareResponse {

		private final @Nullable String ruleValue;

		private final @Nullable String errorValue;

		private final boolean compression;

		StatusAware(HttpServletResponse response, @Nullable String ruleValue, @Nullable String errorValue,
				boolean compression) {
			super(response, errorValue != null || ruleValue != null);
			this.ruleValue = ruleValue;
			this.errorValue = errorValue;
			this.compression = compression;
		}

		@Override
		public void setStatus(int status) {
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

		/**
		 * Marks an error {@code no-store} unless it says how to cache it: by a Cache-Control of its
		 * own, or an Expires or Pragma (Spring Security's header writer sets all three, and skips
		 * when any is there). A rule's value is no word of the application's, and is replaced. A
		 * rule describes the resource, not a redirect away from it (Spring Security's to its login
		 * page, say): a redirect still carrying the rule's value gets the error value, or none.
		 */
		@Override
		protected void onCommit(int status) {
			if (status >= 300 && status < 400 && status != SC_NOT_MODIFIED) {
				if (this.ruleValue != null && this.ruleValue.equals(getHeader(HttpHeaders.CACHE_CONTROL))) {
					setHeader(HttpHeaders.CACHE_CONTROL, this.errorValue);
				}
				return;
			}
			if (this.errorValue == null || status < 400) {
				return;
			}
			String current = getHeader(HttpHeaders.CACHE_CONTROL);
			boolean own = (current != null) ? !current.equals(this.ruleValue)
					: getHeader(HttpHeaders.EXPIRES) != null || getHeader(HttpHeaders.PRAGMA) != null;
			if (!own) {
				setHeader(HttpHeaders.CACHE_CONTROL, this.errorValue);
			}
		}

	}

}
