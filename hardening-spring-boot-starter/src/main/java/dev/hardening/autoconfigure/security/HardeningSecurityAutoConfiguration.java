package dev.hardening.autoconfigure.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Auto-configures the Spring Security integration: a {@code Customizer<HttpSecurity>}, which
 * Spring Security applies to every {@link HttpSecurity} it hands to the application's
 * {@code SecurityFilterChain} beans, so that its {@code 401} and {@code 403} answers reach the
 * error page and get a problem body (see {@link ErrorDispatchAuthorization}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, AuthorizationFilter.class })
@ConditionalOnBooleanProperty(name = "hardening.security.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HardeningSecurityProperties.class)
public final class HardeningSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "hardeningSecurityProblemResponses")
	@ConditionalOnBooleanProperty(name = "hardening.security.problem-responses.enabled", matchIfMissing = true)
	Customizer<HttpSecurity> hardeningSecurityProblemResponses() {
		return (http) -> http.with(new ErrorDispatchAuthorization());
	}

}
