package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.hardening.autoconfigure.resilience.ResiliencePolicies.Timeouts;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Gives each request the connect and read timeouts of its host's policy: one request factory per
 * policy, built by Spring Boot's detected builder from the application's
 * {@code spring.http.clients.*} settings, with the policy's timeouts in place of theirs. A
 * timeout neither sets falls back to 2 s to connect and 10 s to read, so no call waits forever. A
 * request made when its deadline has less time left than the read timeout gets the time left
 * instead, where the client library allows it ({@link DeadlineReadTimeouts}).
 */
final class PolicyTimeoutsRequestFactory implements ClientHttpRequestFactory {

	static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

	private final ResiliencePolicies policies;

	private final ClientHttpRequestFactoryBuilder<?> builder;

	private final HttpClientSettings settings;

	private final Map<String, PolicyFactory> factories = new ConcurrentHashMap<>();

	private final Map<String, Duration> attemptTimeouts = new ConcurrentHashMap<>();

	PolicyTimeoutsRequestFactory(ResiliencePolicies policies, ClientHttpRequestFactoryBuilder<?> builder,
			HttpClientSettings settings) {
		this.policies = policies;
		this.builder = builder;
		this.settings = settings;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod method) throws IOException {
		String policy = this.policies.forHost(uri.getHost()).name();
		PolicyFactory factory = this.factories.computeIfAbsent(policy, this::create);
		DeadlineReadTimeouts shortening = factory.shortening();
		if (shortening != null) {
			ClientHttpRequest shortened = shortening.createRequest(uri, method);
			if (shortened != null) {
				return shortened;
			}
		}
		return factory.requests().createRequest(uri, method);
	}

	/**
	 * Returns the timeouts requests under a policy get.
	 * @param policy the policy's name
	 * @return the settings
	 */
	HttpClientSettings settings(String policy) {
		Timeouts timeouts = this.policies.timeouts(policy);
		Duration connect = first(timeouts.connect(), this.settings.connectTimeout(), DEFAULT_CONNECT_TIMEOUT);
		Duration read = first(timeouts.read(), this.settings.readTimeout(), DEFAULT_READ_TIMEOUT);
		return this.settings.withTimeouts(connect, read);
	}

	/**
	 * Returns the longest one attempt under a policy can take: its connect plus read timeout.
	 * @param policy the policy's name
	 * @return the duration
	 */
	Duration attemptTimeout(String policy) {
		return this.attemptTimeouts.computeIfAbsent(policy, (name) -> {
			HttpClientSettings settings = settings(name);
			return Objects.requireNonNull(settings.connectTimeout()).plus(Objects.requireNonNull(settings.readTimeout()));
		});
	}

	private PolicyFactory create(String policy) {
		HttpClientSettings settings = settings(policy);
		ClientHttpRequestFactory requests = this.builder.build(settings);
		return new PolicyFactory(requests,
				DeadlineReadTimeouts.of(requests, Objects.requireNonNull(settings.readTimeout())));
	}

	private static Duration first(@Nullable Duration own, @Nullable Duration boot, Duration fallback) {
		if (own != null) {
			return own;
		}
		return (boot != null) ? boot : fallback;
	}

	/** A policy's request factory, and how its requests get a deadline's shorter read timeout. */
	private record PolicyFactory(ClientHttpRequestFactory requests, @Nullable DeadlineReadTimeouts shortening) {
	}

}
