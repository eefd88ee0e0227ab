package dev.hardening.autoconfigure.resilience;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives Spring Boot's HTTP clients timeouts, as the lowest-priority property source: 2 s to
 * connect and 10 s to read, where the JDK's client would otherwise wait forever. Any
 * {@code spring.http.clients.*} timeout the application sets wins; a policy's own
 * {@code timeout} and {@code connect-timeout} win over both for its hosts.
 */
public final class HttpClientTimeoutDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "hardeningHttpClientTimeoutDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("hardening.resilience.enabled", Boolean.class, true)
				|| environment.getPropertySources().contains(SOURCE)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE, Map.of("spring.http.clients.connect-timeout",
					PolicyTimeoutsRequestFactory.DEFAULT_CONNECT_TIMEOUT.toMillis() + "ms",
					"spring.http.clients.read-timeout", PolicyTimeoutsRequestFactory.DEFAULT_READ_TIMEOUT.toMillis() + "ms")));
	}

}
