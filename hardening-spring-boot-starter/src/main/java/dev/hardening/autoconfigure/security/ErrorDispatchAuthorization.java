package dev.hardening.autoconfigure.security;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Lets the error dispatch through a chain's {@link AuthorizationFilter} without authorizing it
 * again, as Spring Security's reference advises with
 * {@code dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()}: the request that failed was
 * authorized (and refused) on its own dispatch, and the error page, which the servlet container
 * chooses and no client can name, renders the refusal. Without it, Spring Security 6 and later
 * refuse the error dispatch of an anonymous request too, and its {@code 401} goes out with an
 * empty body.
 * <p>
 * Acts at {@code init}, once the application configured the chain: a chain with
 * {@code authorizeHttpRequests} gets the change, a chain without authorization rules is left
 * without them (adding a rule would deny every request no rule matches). {@code REQUEST},
 * {@code FORWARD} and {@code INCLUDE} dispatches are authorized as before, so a client asking
 * for the error path, or a path that forwards to a protected one, is refused as before.
 */
final class ErrorDispatchAuthorization extends AbstractHttpConfigurer<ErrorDispatchAuthorization, HttpSecurity> {

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		AuthorizeHttpRequestsConfigurer<HttpSecurity> authorization = http
			.getConfigurer(AuthorizeHttpRequestsConfigurer.class);
		if (authorization != null) {
			authorization.withObjectPostProcessor(new ObjectPostProcessor<AuthorizationFilter>() {

				@Override
				public <O extends AuthorizationFilter> O postProcess(O filter) {
					filter.setFilterErrorDispatch(false);
					return filter;
				}

			});
		}
	}

}
