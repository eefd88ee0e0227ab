package dev.hardening.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.autoconfigure.HardeningFilter;
import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.error.ErrorsAutoConfiguration;
import dev.hardening.autoconfigure.error.ProblemResponseWriter;
import dev.hardening.web.AllowedHosts;
import dev.hardening.web.TrustedProxies;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.startup.Tomcat;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.error.ErrorPageRegistrar;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Web hardening for servlet applications: the client address behind trusted proxies, allowed
 * hosts, security headers, CORS, body limits, problem answers for the container's own
 * rejections, and the access log. Each part has its own {@code enabled} switch under
 * {@code hardening.web}.
 */
@AutoConfiguration(after = ErrorsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpServletRequest.class, OncePerRequestFilter.class })
@EnableConfigurationProperties(HardeningWebProperties.class)
public final class WebHardeningAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientAddressResolver clientAddressResolver(HardeningWebProperties properties, Environment environment) {
		TrustedProxies proxies = properties.isEnabled() ? TrustedProxies.of(properties.getTrustedProxies())
			.withHeader(properties.getForwardedHeader())
			.withForwardedHost(properties.isForwardedHost()) : TrustedProxies.none();
		WebStartupWarnings.forwardHeaders(properties, environment);
		return new ClientAddressResolver(proxies);
	}

	@Bean
	@ConditionalOnMissingBean
	WebRejections webRejections() {
		return new WebRejections();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "hardening.web.enabled", matchIfMissing = true)
	static class FiltersConfiguration {

		@Bean
		@ConditionalOnBooleanProperty(name = "hardening.web.headers.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean(name = "hardeningSecurityHeadersFilter")
		FilterRegistrationBean<SecurityHeadersFilter> hardeningSecurityHeadersFilter(HardeningWebProperties properties,
				ClientAddressResolver clients) {
			SecurityHeaders headers = SecurityHeaders.of(properties.getHeaders());
			PathPatterns browser = PathPatterns.of(properties.getHeaders().getBrowserPaths(),
					"hardening.web.headers.browser-paths", List.of(), "");
			return register(new SecurityHeadersFilter(headers, browser, clients), FilterOrder.SECURITY_HEADERS, true);
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "hardening.web.host-check.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean(name = "hardeningTrustedHostFilter")
		FilterRegistrationBean<TrustedHostFilter> hardeningTrustedHostFilter(HardeningWebProperties properties,
				ClientAddressResolver clients, ObjectProvider<ProblemResponseWriter> problems) {
			AllowedHosts hosts = allowedHosts(properties.getAllowedHosts());
			TrustedHostFilter filter = new TrustedHostFilter(hosts,
					PathPatterns.of(properties.getHostCheck().getExcludePaths(), "hardening.web.host-check.exclude-paths",
							List.of(), ""),
					clients, properties.getHostCheck().isMisdirected(), problems.getIfAvailable());
			FilterRegistrationBean<TrustedHostFilter> registration = register(filter, FilterOrder.TRUSTED_HOSTS, false);
			registration.setEnabled(!hosts.isEmpty());
			return registration;
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "hardening.web.cors.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean(name = "hardeningCorsFilter")
		FilterRegistrationBean<CorsFilter> hardeningCorsFilter(HardeningWebProperties properties,
				ObjectProvider<ProblemResponseWriter> problems) {
			CorsFilter filter = new CorsFilter(CorsMappings.source(properties.getCors().getMappings()),
					problems.getIfAvailable());
			FilterRegistrationBean<CorsFilter> registration = register(filter, FilterOrder.CORS, false);
			registration.setEnabled(!properties.getCors().getMappings().isEmpty());
			return registration;
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "hardening.web.limits.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean(name = "hardeningRequestLimitFilter")
		FilterRegistrationBean<RequestLimitFilter> hardeningRequestLimitFilter(HardeningWebProperties properties,
				ObjectProvider<ProblemResponseWriter> problems) {
			return register(new RequestLimitFilter(BodyLimits.of(properties.getLimits()),
					properties.getLimits().getMaxParameters(), problems.getIfAvailable()), FilterOrder.REQUEST_LIMITS, false);
		}

		@Bean
		@ConditionalOnBooleanProperty(name = "hardening.web.access-log.enabled", matchIfMissing = true)
		@ConditionalOnMissingBean(name = "hardeningAccessLogFilter")
		FilterRegistrationBean<AccessLogFilter> hardeningAccessLogFilter(HardeningWebProperties properties,
				ClientAddressResolver clients, WebRejections rejections, ResourceLoader resources,
				ObjectProvider<ErrorPageRegistrar> errorPages) {
			HardeningWebProperties.AccessLog accessLog = properties.getAccessLog();
			if (!(accessLog.getSampleRate() >= 0 && accessLog.getSampleRate() <= 1)) {
				throw new InvalidConfigurationPropertyValueException("hardening.web.access-log.sample-rate",
						accessLog.getSampleRate(), "It must be between 0 and 1.");
			}
			AccessLogBodies bodies = accessLog.getBodies().isEnabled()
					? AccessLogBodies.of(accessLog.getBodies(), resources.getClassLoader()) : null;
			AccessLogFilter filter = new AccessLogFilter(accessLog,
					PathPatterns.of(accessLog.getExcludePaths(), "hardening.web.access-log.exclude-paths", List.of(), ""),
					clients, rejections, bodies, hasGlobalErrorPage(errorPages));
			// on error dispatches too: a request answered by an error page is logged once it is written
			return register(filter, FilterOrder.ACCESS_LOG, true);
		}

		/**
		 * Whether the application's error page registrars (Boot's error controller's among them)
		 * register a page for every error status: the container then dispatches every
		 * {@code sendError} to it.
		 */
		private static boolean hasGlobalErrorPage(ObjectProvider<ErrorPageRegistrar> registrars) {
			List<ErrorPage> pages = new ArrayList<>();
			registrars.orderedStream()
				.forEach((registrar) -> registrar.registerErrorPages((added) -> pages.addAll(List.of(added))));
			return pages.stream().anyMatch(ErrorPage::isGlobal);
		}

		private static AllowedHosts allowedHosts(List<String> patterns) {
			for (int i = 0; i < patterns.size(); i++) {
				try {
					AllowedHosts.of(List.of(patterns.get(i)));
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidConfigurationPropertyValueException("hardening.web.allowed-hosts[" + i + "]",
							patterns.get(i), ex.getMessage());
				}
			}
			return AllowedHosts.of(patterns);
		}

		private static <F extends HardeningFilter> FilterRegistrationBean<F> register(F filter, int order,
				boolean errorDispatch) {
			FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(order);
			if (errorDispatch) {
				registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
			}
			else {
				registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
			}
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory.class })
	@ConditionalOnBooleanProperty(name = "hardening.web.enabled", matchIfMissing = true)
	static class TomcatConfiguration {

		@Bean
		TomcatHardening tomcatHardening(HardeningWebProperties properties, ObjectProvider<ProblemResponseWriter> problems,
				WebRejections rejections) {
			return new TomcatHardening(properties, problems, rejections);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		MeterBinder webHardeningMetrics(WebRejections rejections, ClientAddressResolver clients) {
			return (registry) -> {
				for (WebRejections.Reason reason : WebRejections.Reason.values()) {
					FunctionCounter.builder("hardening.web.rejections", rejections, (r) -> r.count(reason))
						.description("Requests turned away at the edge, by reason")
						.tag("reason", reason.tag())
						.register(registry);
				}
				FunctionCounter
					.builder("hardening.web.forwarded.ignored", clients, ClientAddressResolver::ignoredForwardedHeaders)
					.description("Requests with forwarding headers from a peer that is not a trusted proxy")
					.register(registry);
			};
		}

	}

}
