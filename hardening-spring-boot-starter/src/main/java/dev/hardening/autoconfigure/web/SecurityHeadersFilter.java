package dev.hardening.autoconfigure.web;

import java.io.IOException;

import dev.hardening.autoconfigure.CommitAwareResponse;
import dev.hardening.autoconfigure.EncodedHeader;
import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.web.SecurityHeaders.Profile;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Adds the security headers of the response's profile to every response, errors and
 * {@code 304}s included, when the response commits, so a header the application or Spring
 * Security set itself, however late before the commit, is left as it is and never gets a second
 * value. The profile follows the Content-Type the response has then, as the application set it:
 * API data gets the API profile, everything else the browser profile, and a response with neither
 * a Content-Type nor a body only the headers both share; on {@code browser-paths}, every response
 * gets the browser profile. {@code Strict-Transport-Security} only over HTTPS. {@code Server} and
 * {@code X-Powered-By} are dropped whoever sets them.
 */
final class SecurityHeadersFilter extends HardeningFilter {

	private final SecurityHeaders headers;

	private final PathPatterns browserPaths;

	private final ClientAddressResolver clients;

	SecurityHeadersFilter(SecurityHeaders headers, PathPatterns browserPaths, ClientAddressResolver clients) {
		this.headers = headers;
		this.browserPaths = browserPaths;
		this.clients = clients;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// no path to look at when browser-paths match every path or none
		boolean browser = this.browserPaths.matchesEveryPath()
				|| (!this.browserPaths.isEmpty() && this.browserPaths.matches(request, uriOf(request)));
		EncodedHeader hsts = this.headers.hsts();
		if (hsts != null && !this.clients.isSecure(request)) {
			hsts = null;
		}
		HeaderAdding wrapper = new HeaderAdding(response, this.headers, browser, hsts);
		try {
			chain.doFilter(request, wrapper);
		}
		finally {
			// an answer written on the async dispatch gets them there, from the wrapper this filter
			// makes then; one the application completes itself, when it completes
			wrapper.committing(request);
		}
	}

	/**
	 * The URI whose path {@code browser-paths} are matched against: on an error dispatch, that of
	 * the request that failed, not that of the error page. Its path, if it must be parsed, is
	 * taken from the last one parsed when that was the failed request's
	 * ({@link PathPatterns#pathOf(HttpServletRequest, String)}).
	 */
	private static @Nullable String uriOf(HttpServletRequest request) {
		if (request.getDispatcherType() == DispatcherType.ERROR
				&& request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
			return uri;
		}
		return request.getRequestURI();
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/**
	 * Adds the headers the response lacks when it commits (as {@link CommitAwareResponse} sees
	 * the commit): not when the application merely takes the stream or writer, so a header it (or
	 * Spring Security's header writer, which also writes at commit and sits inside this filter)
	 * sets after that finds the field free, not a default to replace or add to. At an error, only
	 * the headers every profile shares: the error page, rendered on the error dispatch, adds those
	 * of its own type. The Content-Type is noted as the application sets it, so the profile is
	 * chosen without asking the container for it.
	 */
	private static final class HeaderAdding extends CommitAwareResponse {

		private static final byte UNKNOWN = 0;

		private static final byte API = 1;

		private static final byte BROWSER = 2;

		private final SecurityHeaders headers;

		private final boolean browser;

		private final @Nullable EncodedHeader hsts;

		private byte type = UNKNOWN;

		HeaderAdding(HttpServletResponse response, SecurityHeaders headers, boolean browser, @Nullable EncodedHeader hsts) {
			super(response, true);
			this.headers = headers;
			this.browser = browser;
			this.hsts = hsts;
		}

		@Override
		protected void onCommit(int status) {
			add(profile());
		}

		/** Adds, before an error, the headers every error page gets, whatever its type. */
		@Override
		protected void onSendError(int status) {
			add(this.browser ? this.headers.browser() : this.headers.bodiless());
		}

		private void add(Profile profile) {
			HttpServletResponse response = (HttpServletResponse) getResponse();
			profile.addMissing(response);
			if (this.hsts != null && !response.containsHeader(this.hsts.name())) {
				this.hsts.addTo(response);
			}
		}

		private Profile profile() {
			if (this.browser) {
				return this.headers.browser();
			}
			byte type = this.type;
			if (type == UNKNOWN) {
				// set before this filter ran, if at all
				String contentType = getResponse().getContentType();
				type = (contentType != null) ? typeOf(contentType) : UNKNOWN;
			}
			if (type == API) {
				return this.headers.api();
			}
			if (type == BROWSER) {
				return this.headers.browser();
			}
			// a body without a type may be sniffed: the stricter profile
			return (written() > 0) ? this.headers.api() : this.headers.bodiless();
		}

		private static byte typeOf(@Nullable String contentType) {
			if (contentType == null) {
				return UNKNOWN;
			}
			return SecurityHeaders.isApiData(contentType) ? API : BROWSER;
		}

		@Override
		public void setContentType(@Nullable String type) {
			super.setContentType(type);
			this.type = typeOf(type);
		}

		@Override
		public void reset() {
			super.reset();
			this.type = UNKNOWN;
		}

		@Override
		public void setHeader(String name, String value) {
			if (!hidden(name)) {
				noteType(name, value);
				super.setHeader(name, value);
			}
		}

		@Override
		public void addHeader(String name, String value) {
			if (!hidden(name)) {
				noteType(name, value);
				super.addHeader(name, value);
			}
		}

		@Override
		public boolean passes(String name) {
			return super.passes(name) && !hidden(name) && !"Content-Type".equalsIgnoreCase(name);
		}

		/** Notes a Content-Type set as a header. */
		private void noteType(String name, @Nullable String value) {
			if ("Content-Type".equalsIgnoreCase(name)) {
				this.type = typeOf(value);
			}
		}

		private static boolean hidden(String name) {
			return "Server".equalsIgnoreCase(name) || "X-Powered-By".equalsIgnoreCase(name);
		}

	}

}
