package dev.hardening.autoconfigure.audit;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who an audited call is made by. The default reads Spring Security's authentication when Spring
 * Security is present (an anonymous one is nobody), else the servlet request's principal; declare
 * a bean of this type to name principals your own way.
 */
@FunctionalInterface
public interface AuditPrincipals {

	/**
	 * Returns the current principal's name.
	 * @param request the current request, {@code null} outside one
	 * @return the name, {@code null} if anonymous
	 */
	@Nullable String current(@Nullable HttpServletRequest request);

	/**
	 * The servlet request's principal.
	 * @return the resolver
	 */
	static AuditPrincipals servlet() {
		return (request) -> {
			Principal principal = (request != null) ? request.getUserPrincipal() : null;
			return (principal != null) ? principal.getName() : null;
		};
	}

}
