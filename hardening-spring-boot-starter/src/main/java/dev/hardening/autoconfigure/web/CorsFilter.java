package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Spring's CORS handling ({@link DefaultCorsProcessor} deciding, our mappings configuring), with
 * one difference: a refused cross-origin request gets a {@code 403} problem
 * {@code CORS_REJECTED} instead of Spring's plain-text "Invalid CORS request". A preflight it
 * accepts is answered here. An actual cross-origin request is decided as
 * {@link DefaultCorsProcessor} decides it, without the processor's wrappers (see
 * {@link #acceptActual}); a preflight goes to the processor itself.
 */
final class CorsFilter extends HardeningFilter {

	private static final String ORIGIN = HttpHeaders.ORIGIN;

	private static final String REQUEST_PRIVATE_NETWORK = "Access-Control-Request-Private-Network";

	private static final String ALLOW_PRIVATE_NETWORK = "Access-Control-Allow-Private-Network";

	private final UrlBasedCorsConfigurationSource source;

	/** Each mapping's exposed headers as one header value, by configuration (compared by identity). */
	private final Map<CorsConfiguration, String> exposedHeaders = new ConcurrentHashMap<>();

	private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {

		@Override
		protected void rejectRequest(ServerHttpResponse response) {
			// answered by the filter, with a problem
		}

	};

	private final @Nullable ProblemResponseWriter problems;

	CorsFilter(UrlBasedCorsConfigurationSource source, @Nullable ProblemResponseWriter problems) {
		this.source = source;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader(ORIGIN);
		if (origin == null) {
			// not a CORS request: nothing to look up
			chain.doFilter(request, response);
			return;
		}
		boolean malformed = false;
		boolean cors;
		try {
			cors = CorsUtils.isCorsRequest(request);
		}
		catch (IllegalArgumentException ex) {
			// an Origin that does not parse: Spring's processor refuses it where a mapping applies
			cors = true;
			malformed = true;
		}
		CorsConfiguration configuration = cors ? this.source.getCorsConfiguration(request) : null;
		if (configuration != null) {
			boolean preflight = CorsUtils.isPreFlightRequest(request);
			boolean accepted = (preflight || malformed) ? this.processor.processRequest(configuration, request, response)
					: acceptActual(configuration, origin, request, response);
			if (!accepted) {
				String detail = "This origin, method or header is not allowed to call this service from a browser.";
				if (this.problems != null) {
					this.problems.write(request, response, ErrorCode.CORS_REJECTED, detail);
				}
				else {
					response.sendError(ErrorCode.CORS_REJECTED.status(), detail);
				}
				return;
			}
			if (preflight) {
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * What {@link DefaultCorsProcessor#processRequest} does for an actual (not preflight) cross-origin
	 * request, in the same order, with the same headers, without the {@code HttpHeaders} views of
	 * the request and the response it makes for it (most of a request's CORS cost in a profile): the
	 * request headers it lists are only checked for a preflight. {@code CorsFilterEquivalenceTests}
	 * holds the two to the same answers.
	 */
	private boolean acceptActual(CorsConfiguration configuration, String origin, HttpServletRequest request,
			HttpServletResponse response) {
		Collection<String> vary = response.getHeaders(HttpHeaders.VARY);
		if (!vary.contains(ORIGIN)) {
			response.addHeader(HttpHeaders.VARY, ORIGIN);
		}
		if (!vary.contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
		}
		if (!vary.contains(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS)) {
			response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
		}
		if (response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN) != null) {
			return true;
		}
		String allowOrigin = configuration.checkOrigin(origin);
		if (allowOrigin == null || configuration.checkHttpMethod(HttpMethod.valueOf(request.getMethod())) == null) {
			return false;
		}
		response.addHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin);
		List<String> exposed = configuration.getExposedHeaders();
		if (exposed != null && !exposed.isEmpty()) {
			response.addHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
					this.exposedHeaders.computeIfAbsent(configuration, CorsFilter::commaDelimited));
		}
		if (Boolean.TRUE.equals(configuration.getAllowCredentials())) {
			response.addHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
		}
		if (Boolean.TRUE.equals(configuration.getAllowPrivateNetwork())
				&& Boolean.parseBoolean(request.getHeader(REQUEST_PRIVATE_NETWORK))) {
			response.addHeader(ALLOW_PRIVATE_NETWORK, "true");
		}
		return true;
	}

	/** As {@code HttpHeaders.setAccessControlExposeHeaders} writes the list. */
	private static String commaDelimited(CorsConfiguration configuration) {
		List<String> exposed = configuration.getExposedHeaders();
		return (exposed != null) ? String.join(", ", exposed) : "";
	}

}
