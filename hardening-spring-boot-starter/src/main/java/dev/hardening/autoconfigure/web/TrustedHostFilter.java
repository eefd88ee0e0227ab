package dev.hardening.autoconfigure.web;

import java.io.IOException;

import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.error.ErrorCode;
import dev.hardening.web.AllowedHosts;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Refuses a request whose {@code Host} (or, from a trusted proxy, {@code X-Forwarded-Host}) is
 * not an allowed host, before any controller runs and before the rate limiter spends a token:
 * a {@code 400} (or {@code 421}) problem {@code INVALID_HOST} that never repeats the value.
 */
final class TrustedHostFilter extends HardeningFilter {

	private final AllowedHosts hosts;

	private final PathPatterns excluded;

	private final ClientAddressResolver clients;

	private final ErrorCode code;

	private final @Nullable ProblemResponseWriter problems;

	TrustedHostFilter(AllowedHosts hosts, PathPatterns excluded, ClientAddressResolver clients, boolean misdirected,
			@Nullable ProblemResponseWriter problems) {
		this.hosts = hosts;
		this.excluded = excluded;
		this.clients = clients;
		this.code = misdirected ? ErrorCode.of("INVALID_HOST", 421, "Misdirected request") : ErrorCode.INVALID_HOST;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.hosts.allows(this.clients.host(request)) || (!this.excluded.isEmpty() && this.excluded.matches(request))) {
			chain.doFilter(request, response);
			return;
		}
		String detail = "This service does not answer to the host this request names.";
		ProblemResponseWriter.refuse(this.problems, request, response, this.code, detail);
	}

}
