package dev.hardening.autoconfigure.resilience;

import dev.hardening.autoconfigure.StarterDefaults;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

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
		String none = "not set (the HTTP library's own: none for the JDK client)";
		environment.getPropertySources()
			.addLast(StarterDefaults.builder(SOURCE)
				.put("spring.http.clients.connect-timeout",
						PolicyTimeoutsRequestFactory.DEFAULT_CONNECT_TIMEOUT.toMillis() + "ms", none,
						"spring.http.clients.connect-timeout=<the timeout you want>")
				.put("spring.http.clients.read-timeout", PolicyTimeoutsRequestFactory.DEFAULT_READ_TIMEOUT.toMillis() + "ms",
						none, "spring.http.clients.read-timeout=<the timeout you want>")
				.build());
	}

}
