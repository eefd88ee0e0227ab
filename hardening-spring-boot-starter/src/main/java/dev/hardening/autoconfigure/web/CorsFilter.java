package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.autoconfigure.EncodedHeader;
import dev.hardening.autoconfigure.EncodedHeaderName;
import dev.hardening.autoconfigure.HardeningFilter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

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

	private static final EncodedHeader VARY_ORIGIN = EncodedHeader.of(HttpHeaders.VARY, ORIGIN);

	private static final EncodedHeader VARY_REQUEST_METHOD = EncodedHeader.of(HttpHeaders.VARY,
			HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);

	private static final EncodedHeader VARY_REQUEST_HEADERS = EncodedHeader.of(HttpHeaders.VARY,
			HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);

	private static final EncodedHeader ALLOW_CREDENTIALS = EncodedHeader
		.of(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");

	private static final EncodedHeader ALLOW_PRIVATE_NETWORK_TRUE = EncodedHeader.of(ALLOW_PRIVATE_NETWORK, "true");

	private static final EncodedHeaderName ALLOW_ORIGIN = EncodedHeaderName.of(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);

	private static final EncodedHeaderName EXPOSE_HEADERS = EncodedHeaderName
		.of(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS);

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

	/** The configuration when the only mapping is {@code /**}: it answers for every path. */
	private final @Nullable CorsConfiguration everyPath;

	/**
	 * Origins as {@link CorsUtils#isCorsRequest} parses them, by the header's value: a browser sends
	 * a few; a client inventing one per request costs a parse each, as without this, and the map
	 * stays bounded.
	 */
	private final Cache<String, ParsedOrigin> origins = Caffeine.newBuilder().maximumSize(1024).build();

	CorsFilter(UrlBasedCorsConfigurationSource source, @Nullable ProblemResponseWriter problems) {
		this.source = source;
		this.problems = problems;
		// one mapping of /** only (the source's map of them has no order): AntPathMatcher's /**
		// matches every lookup path, and every lookup path starts with a slash
		Map<String, CorsConfiguration> mappings = source.getCorsConfigurations();
		this.everyPath = (mappings.size() == 1) ? mappings.get("/**") : null;
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
		ParsedOrigin parsed = this.origins.get(origin, ParsedOrigin::parse);
		// an Origin that does not parse: Spring's processor refuses it where a mapping applies
		boolean malformed = parsed.malformed();
		if (!malformed && parsed.sameOrigin(request)) {
			chain.doFilter(request, response);
			return;
		}
		CorsConfiguration configuration = (this.everyPath != null) ? this.everyPath
				: this.source.getCorsConfiguration(request);
		if (configuration != null) {
			boolean preflight = CorsUtils.isPreFlightRequest(request);
			boolean accepted = (preflight || malformed) ? this.processor.processRequest(configuration, request, response)
					: acceptActual(configuration, origin, request, response);
			if (!accepted) {
				String detail = "This origin, method or header is not allowed to call this service from a browser.";
				ProblemResponseWriter.refuse(this.problems, request, response, ErrorCode.CORS_REJECTED, detail);
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
		// no Vary yet (the usual case): no list of its values to make
		Collection<String> vary = response.containsHeader(HttpHeaders.VARY) ? response.getHeaders(HttpHeaders.VARY)
				: List.of();
		if (!vary.contains(ORIGIN)) {
			VARY_ORIGIN.addTo(response);
		}
		if (!vary.contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
			VARY_REQUEST_METHOD.addTo(response);
		}
		if (!vary.contains(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS)) {
			VARY_REQUEST_HEADERS.addTo(response);
		}
		if (response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN) != null) {
			return true;
		}
		String allowOrigin = configuration.checkOrigin(origin);
		if (allowOrigin == null || configuration.checkHttpMethod(HttpMethod.valueOf(request.getMethod())) == null) {
			return false;
		}
		ALLOW_ORIGIN.add(response, allowOrigin);
		List<String> exposed = configuration.getExposedHeaders();
		if (exposed != null && !exposed.isEmpty()) {
			EXPOSE_HEADERS.add(response, this.exposedHeaders.computeIfAbsent(configuration, CorsFilter::commaDelimited));
		}
		if (Boolean.TRUE.equals(configuration.getAllowCredentials())) {
			ALLOW_CREDENTIALS.addTo(response);
		}
		if (Boolean.TRUE.equals(configuration.getAllowPrivateNetwork())
				&& Boolean.parseBoolean(request.getHeader(REQUEST_PRIVATE_NETWORK))) {
			ALLOW_PRIVATE_NETWORK_TRUE.addTo(response);
		}
		return true;
	}

	/**
	 * An Origin header's scheme, host and port, as {@link CorsUtils#isCorsRequest} reads them with
	 * {@code UriComponentsBuilder}, or that it did not parse.
	 */
	private record ParsedOrigin(@Nullable String scheme, @Nullable String host, int port, boolean malformed) {

		static ParsedOrigin parse(String origin) {
			try {
				UriComponents url = UriComponentsBuilder.fromUriString(origin).build();
				return new ParsedOrigin(url.getScheme(), url.getHost(), url.getPort(), false);
			}
			catch (IllegalArgumentException ex) {
				return new ParsedOrigin(null, null, -1, true);
			}
		}

		/** {@link CorsUtils#isCorsRequest}'s comparison, negated. */
		boolean sameOrigin(HttpServletRequest request) {
			String requestScheme = request.getScheme();
			return Objects.equals(requestScheme, this.scheme) && Objects.equals(request.getServerName(), this.host)
					&& port(requestScheme, request.getServerPort()) == port(this.scheme, this.port);
		}

		private static int port(@Nullable String scheme, int port) {
			if (port == -1) {
				if ("http".equals(scheme) || "ws".equals(scheme)) {
					return 80;
				}
				if ("https".equals(scheme) || "wss".equals(scheme)) {
					return 443;
				}
			}
			return port;
		}

	}

	/** As {@code HttpHeaders.setAccessControlExposeHeaders} writes the list. */
	private static String commaDelimited(CorsConfiguration configuration) {
		List<String> exposed = configuration.getExposedHeaders();
		return (exposed != null) ? String.join(", ", exposed) : "";
	}

}
