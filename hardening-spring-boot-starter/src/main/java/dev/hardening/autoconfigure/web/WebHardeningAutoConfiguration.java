package dev.hardening.autoconfigure.web;

import dev.hardening.web.TrustedProxies;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@link ClientAddressResolver} shared by the capabilities that need the
 * client address.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpServletRequest.class)
@EnableConfigurationProperties(HardeningWebProperties.class)
public final class WebHardeningAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientAddressResolver clientAddressResolver(HardeningWebProperties properties) {
		TrustedProxies proxies = properties.isEnabled() ? TrustedProxies.of(properties.getTrustedProxies())
				: TrustedProxies.none();
		return new ClientAddressResolver(proxies);
	}

}
