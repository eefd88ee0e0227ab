package dev.hardening.autoconfigure.actuate;

import java.util.Locale;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The hardening report: a startup audit of the configuration, logged, optionally enforced, and
 * served by the {@code hardening} Actuator endpoint when Actuator is present.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "hardening.report.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReportProperties.class)
public final class HardeningReportAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	HardeningReport hardeningReport(ConfigurableEnvironment environment, ListableBeanFactory beans,
			ReportProperties properties) {
		if (!DatabaseAudit.SSL_MODES.contains(properties.getMinSslmode().toLowerCase(Locale.ROOT))) {
			throw new InvalidConfigurationPropertyValueException("hardening.report.min-sslmode",
					properties.getMinSslmode(), "It must be one of " + DatabaseAudit.SSL_MODES + ".");
		}
		if (properties.getExpectedInstances() < 1) {
			throw new InvalidConfigurationPropertyValueException("hardening.report.expected-instances",
					properties.getExpectedInstances(), "It must be at least 1.");
		}
		return new HardeningReport(new ConfigurationAudit(environment, beans, properties), properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, JsonMapper.class })
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HardeningReportEndpoint hardeningReportEndpoint(HardeningReport report, ApplicationContext context) {
			return new HardeningReportEndpoint(report, context);
		}

	}

}
