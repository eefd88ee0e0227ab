package dev.hardening.autoconfigure.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Spring Security's authentication, when there is one and it is not anonymous; else the servlet
 * request's principal. Loaded only when Spring Security is on the class path.
 */
final class SecurityAuditPrincipals implements AuditPrincipals {

	@Override
	public @Nullable String current(@Nullable HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken)) {
			return authentication.getName();
		}
		return AuditPrincipals.servlet().current(request);
	}

}
