package dev.hardening.autoconfigure.ratelimit;

import java.io.IOException;
import java.util.List;

import dev.hardening.autoconfigure.HardeningFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Applies the path policies whose key needs no authenticated user, early in the filter chain:
 * before Spring Security, so a flood of logins is turned away before it costs a password hash.
 */
final class RateLimitFilter extends HardeningFilter {

	private final RateLimitRules rules;

	private final RateLimitEnforcer enforcer;

	RateLimitFilter(RateLimitRules rules, RateLimitEnforcer enforcer) {
		this.rules = rules;
		this.enforcer = enforcer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<RateLimitRule> applicable = this.rules.forPath(request, false);
		if (applicable.isEmpty() || this.enforcer.enforce(request, response, applicable)) {
			chain.doFilter(request, response);
		}
	}

}
