package dev.hardening.autoconfigure.web;

import java.io.IOException;

import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Spring's CORS handling ({@link DefaultCorsProcessor} deciding, our mappings configuring), with
 * one difference: a refused cross-origin request gets a {@code 403} problem
 * {@code CORS_REJECTED} instead of Spring's plain-text "Invalid CORS request". A preflight it
 * accepts is answered here.
 */
final class CorsFilter extends HardeningFilter {

	private final UrlBasedCorsConfigurationSource source;

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
		CorsConfiguration configuration = CorsUtils.isCorsRequest(request) ? this.source.getCorsConfiguration(request)
				: null;
		if (configuration != null) {
			if (!this.processor.processRequest(configuration, request, response)) {
				String detail = "This origin, method or header is not allowed to call this service from a browser.";
				if (this.problems != null) {
					this.problems.write(request, response, ErrorCode.CORS_REJECTED, detail);
				}
				else {
					response.sendError(ErrorCode.CORS_REJECTED.status(), detail);
				}
				return;
			}
			if (CorsUtils.isPreFlightRequest(request)) {
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
