package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;

import dev.hardening.autoconfigure.PathPatterns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds the security headers of the request's profile to every response, errors and
 * {@code 304}s included, when the response is about to be committed, so a header the application
 * or Spring Security set itself is left as it is. {@code Strict-Transport-Security} only over
 * HTTPS. {@code Server} and {@code X-Powered-By} are dropped whoever sets them.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

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
		Map<String, String> profile = (!this.browserPaths.isEmpty() && this.browserPaths.matches(request))
				? this.headers.browser() : this.headers.api();
		String hsts = (!this.headers.hsts().isEmpty() && this.clients.isSecure(request)) ? this.headers.hsts() : null;
		HeaderAdding wrapper = new HeaderAdding(response, profile, hsts);
		try {
			chain.doFilter(request, wrapper);
		}
		finally {
			wrapper.addMissing();
		}
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** Adds the headers the response lacks just before it commits. */
	private static final class HeaderAdding extends HttpServletResponseWrapper {

		private final Map<String, String> profile;

		private final String hsts;

		private boolean added;

		HeaderAdding(HttpServletResponse response, Map<String, String> profile, String hsts) {
			super(response);
			this.profile = profile;
			this.hsts = hsts;
		}

		void addMissing() {
			if (this.added || isCommitted()) {
				return;
			}
			this.added = true;
			HttpServletResponse response = (HttpServletResponse) getResponse();
			this.profile.forEach((name, value) -> {
				if (!response.containsHeader(name)) {
					response.setHeader(name, value);
				}
			});
			if (this.hsts != null && !response.containsHeader("Strict-Transport-Security")) {
				response.setHeader("Strict-Transport-Security", this.hsts);
			}
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			addMissing();
			return super.getOutputStream();
		}

		@Override
		public PrintWriter getWriter() throws IOException {
			addMissing();
			return super.getWriter();
		}

		@Override
		public void flushBuffer() throws IOException {
			addMissing();
			super.flushBuffer();
		}

		@Override
		public void sendError(int status) throws IOException {
			addMissing();
			super.sendError(status);
		}

		@Override
		public void sendError(int status, String message) throws IOException {
			addMissing();
			super.sendError(status, message);
		}

		@Override
		public void sendRedirect(String location) throws IOException {
			addMissing();
			super.sendRedirect(location);
		}

		@Override
		public void setHeader(String name, String value) {
			if (!hidden(name)) {
				super.setHeader(name, value);
			}
		}

		@Override
		public void addHeader(String name, String value) {
			if (!hidden(name)) {
				super.addHeader(name, value);
			}
		}

		private static boolean hidden(String name) {
			return "Server".equalsIgnoreCase(name) || "X-Powered-By".equalsIgnoreCase(name);
		}

	}

}
