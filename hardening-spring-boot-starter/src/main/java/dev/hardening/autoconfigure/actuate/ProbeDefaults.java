package dev.hardening.autoconfigure.actuate;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches on Actuator's liveness and readiness groups, which Boot enables only on Kubernetes
 * or Cloud Foundry, so that {@code /actuator/health/readiness} exists everywhere the
 * application runs (a load balancer's check, a local run). Added last, so every value the
 * application sets wins.
 */
final class ProbeDefaults implements EnvironmentPostProcessor {

	static final String PROBES = "management.endpoint.health.probes.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("hardening.health.enabled", Boolean.class, true)
				|| environment.containsProperty(PROBES)) {
			return;
		}
		environment.getPropertySources().addLast(new MapPropertySource("hardeningProbeDefaults", Map.of(PROBES, "true")));
	}

}
