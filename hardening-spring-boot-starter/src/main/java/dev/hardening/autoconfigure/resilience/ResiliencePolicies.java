package dev.hardening.autoconfigure.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.hardening.autoconfigure.resilience.ResilienceProperties.Breaker;
import dev.hardening.autoconfigure.resilience.ResilienceProperties.Policy;
import dev.hardening.resilience.ResilienceConfig;
import dev.hardening.resilience.ResilienceListener;
import dev.hardening.resilience.ResiliencePolicy;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The named policies of {@code hardening.resilience.*}, and which one each target host gets.
 * Inject it to run any code under a policy:
 *
 * <pre>{@code
 * Quote quote = policies.get("quotes").execute(() -> feed.latest(symbol));
 * }</pre>
 */
public final class ResiliencePolicies {

	/** The name of the policy made of {@code hardening.resilience.defaults.*}. */
	public static final String DEFAULT = "default";

	/** Hosts beyond this many share one instance of the defaults, to bound breakers and meters. */
	static final int MAX_DEFAULT_INSTANCES = 100;

	private final Map<String, ResiliencePolicy> policies;

	private final Map<String, Timeouts> timeouts;

	private final Map<String, ResiliencePolicy> hosts;

	private final List<Map.Entry<String, ResiliencePolicy>> domains;

	private final Function<String, ResiliencePolicy> defaultsForHost;

	private final Map<String, ResiliencePolicy> defaultsByHost = new ConcurrentHashMap<>();

	private ResiliencePolicies(Map<String, ResiliencePolicy> policies, Map<String, Timeouts> timeouts,
			Map<String, ResiliencePolicy> hosts, List<Map.Entry<String, ResiliencePolicy>> domains,
			Function<String, ResiliencePolicy> defaultsForHost) {
		this.policies = policies;
		this.timeouts = timeouts;
		this.hosts = hosts;
		this.domains = domains;
		this.defaultsForHost = defaultsForHost;
	}

	/**
	 * Creates the policies from properties, failing with the property's name on a bad value.
	 * @param properties the properties
	 * @param breakers where breakers are created, for metrics and health
	 * @param bulkheads where bulkheads are created
	 * @param listener hears every policy, for metrics
	 * @param customizers adjust each policy before it is built
	 * @return the policies
	 */
	static ResiliencePolicies of(ResilienceProperties properties, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, ResilienceListener listener, List<ResiliencePolicyCustomizer> customizers) {
		Parts parts = new Parts(breakers, bulkheads, listener, customizers);
		Map<String, ResiliencePolicy> policies = new LinkedHashMap<>();
		Map<String, Timeouts> timeouts = new LinkedHashMap<>();
		Policy defaults = properties.getDefaults();
		add(DEFAULT, "hardening.resilience.defaults", defaults, defaults, policies, timeouts, parts);
		properties.getPolicies().forEach((name, policy) -> {
			String prefix = "hardening.resilience.policies." + name;
			if (DEFAULT.equals(name)) {
				throw new InvalidConfigurationPropertyValueException(prefix, name,
						"The name 'default' is taken by hardening.resilience.defaults; set those instead.");
			}
			add(name, prefix, policy, defaults, policies, timeouts, parts);
		});
		Map<String, ResiliencePolicy> hosts = new LinkedHashMap<>();
		List<Map.Entry<String, ResiliencePolicy>> domains = new ArrayList<>();
		properties.getClients().forEach((host, name) -> {
			ResiliencePolicy policy = policies.get(name);
			if (policy == null) {
				throw new InvalidConfigurationPropertyValueException("hardening.resilience.clients." + host, name,
						"No policy is named '" + name + "'; known policies: " + policies.keySet() + ".");
			}
			String key = host.toLowerCase(Locale.ROOT);
			if (key.startsWith("*.")) {
				domains.add(Map.entry(key.substring(1), policy));
			}
			else {
				hosts.put(key, policy);
			}
		});
		// the longest suffix wins, so *.eu.example.com beats *.example.com
		domains.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
		ResilienceConfig defaultConfig = policies.get(DEFAULT).config();
		Function<String, ResiliencePolicy> defaultsForHost = (host) -> build(DEFAULT, DEFAULT + ":" + host,
				defaultConfig, parts);
		return new ResiliencePolicies(Collections.unmodifiableMap(policies), Map.copyOf(timeouts), Map.copyOf(hosts),
				List.copyOf(domains), defaultsForHost);
	}

	/**
	 * Returns a policy by name.
	 * @param name the name under {@code hardening.resilience.policies}, or {@value #DEFAULT}
	 * @return the policy
	 * @throws IllegalArgumentException if no policy has that name
	 */
	public ResiliencePolicy get(String name) {
		ResiliencePolicy policy = this.policies.get(name);
		if (policy == null) {
			throw new IllegalArgumentException(
					"No resilience policy is named '" + name + "'; known policies: " + this.policies.keySet());
		}
		return policy;
	}

	/**
	 * Returns the policy for calls to a host: the one {@code hardening.resilience.clients} names
	 * for it, else an instance of the defaults of its own (instance name {@code default:<host>}),
	 * so that one failing host does not open the breaker of every other. Past
	 * {@value #MAX_DEFAULT_INSTANCES} hosts, the rest share the {@value #DEFAULT} instance.
	 * @param host the target host, or {@code null}
	 * @return the policy
	 */
	public ResiliencePolicy forHost(@Nullable String host) {
		if (host == null || host.isEmpty()) {
			return this.policies.get(DEFAULT);
		}
		String key = host.toLowerCase(Locale.ROOT);
		ResiliencePolicy policy = this.hosts.get(key);
		if (policy != null) {
			return policy;
		}
		for (Map.Entry<String, ResiliencePolicy> domain : this.domains) {
			if (key.endsWith(domain.getKey())) {
				return domain.getValue();
			}
		}
		ResiliencePolicy own = this.defaultsByHost.get(key);
		if (own != null) {
			return own;
		}
		if (this.defaultsByHost.size() >= MAX_DEFAULT_INSTANCES) {
			return this.policies.get(DEFAULT);
		}
		return this.defaultsByHost.computeIfAbsent(key, this.defaultsForHost);
	}

	/**
	 * Returns every policy instance: the named ones, the default first, then those of hosts the
	 * defaults apply to.
	 * @return the policies
	 */
	public Collection<ResiliencePolicy> all() {
		List<ResiliencePolicy> all = new ArrayList<>(this.policies.values());
		all.addAll(this.defaultsByHost.values());
		return all;
	}

	/**
	 * Returns the HTTP timeouts a policy sets, before Spring Boot's own settings fill the gaps.
	 * @param name the policy's name
	 * @return the timeouts, each {@code null} when not set
	 */
	Timeouts timeouts(String name) {
		return this.timeouts.get(name);
	}

	private static void add(String name, String prefix, Policy policy, Policy defaults,
			Map<String, ResiliencePolicy> policies, Map<String, Timeouts> timeouts, Parts parts) {
		policies.put(name, build(name, name, config(prefix, policy, defaults), parts));
		timeouts.put(name, new Timeouts(pick(policy, defaults, Policy::getConnectTimeout),
				pick(policy, defaults, Policy::getTimeout)));
	}

	private static ResiliencePolicy build(String name, String instanceName, ResilienceConfig config, Parts parts) {
		ResiliencePolicy.Builder builder = ResiliencePolicy.builder(name, config)
			.instanceName(instanceName)
			.circuitBreakers(parts.breakers())
			.bulkheads(parts.bulkheads())
			.listener(parts.listener());
		parts.customizers().forEach((customizer) -> customizer.customize(name, builder));
		return builder.build();
	}

	private static ResilienceConfig config(String prefix, Policy policy, Policy defaults) {
		ResilienceConfig.Builder builder = ResilienceConfig.custom();
		Breaker breaker = policy.getBreaker();
		Breaker defaultBreaker = defaults.getBreaker();
		set(prefix + ".timeout", pick(policy, defaults, Policy::getTimeout), builder::timeout);
		set(prefix + ".total-timeout", pick(policy, defaults, Policy::getTotalTimeout), builder::totalTimeout);
		set(prefix + ".ignore-exceptions", pick(policy, defaults, Policy::getIgnoreExceptions),
				(types) -> builder.ignoreExceptions(throwables(types)));
		set(prefix + ".max-attempts", pick(policy, defaults, Policy::getMaxAttempts), builder::maxAttempts);
		Duration maxBackoff = pick(policy, defaults, Policy::getMaxBackoff);
		check(prefix + ".max-backoff", maxBackoff,
				() -> builder.backoff(pick(policy, defaults, Policy::getInitialBackoff), maxBackoff));
		set(prefix + ".retry-statuses", pick(policy, defaults, Policy::getRetryStatuses), builder::retryStatuses);
		Double budget = pick(policy, defaults, Policy::getRetryBudget);
		check(prefix + ".retry-budget", budget,
				() -> builder.retryBudget(budget, pick(policy, defaults, Policy::getMinRetriesPerSecond)));
		set(prefix + ".max-concurrent-calls", pick(policy, defaults, Policy::getMaxConcurrentCalls),
				builder::maxConcurrentCalls);
		set(prefix + ".breaker.enabled", pick(breaker, defaultBreaker, Breaker::getEnabled), builder::breakerEnabled);
		Float failureRate = pick(breaker, defaultBreaker, Breaker::getFailureRate);
		check(prefix + ".breaker.failure-rate", failureRate, () -> builder.openWhen(failureRate,
				pick(breaker, defaultBreaker, Breaker::getWindow), pick(breaker, defaultBreaker, Breaker::getMinimumCalls)));
		Float slowCallRate = pick(breaker, defaultBreaker, Breaker::getSlowCallRate);
		check(prefix + ".breaker.slow-call-rate", slowCallRate,
				() -> builder.slowCalls(slowCallRate, pick(breaker, defaultBreaker, Breaker::getSlowCallDuration)));
		Duration openFor = pick(breaker, defaultBreaker, Breaker::getOpenFor);
		check(prefix + ".breaker.open-for", openFor,
				() -> builder.openFor(openFor, pick(breaker, defaultBreaker, Breaker::getHalfOpenCalls)));
		return builder.build();
	}

	private static List<Class<? extends Throwable>> throwables(List<Class<?>> types) {
		List<Class<? extends Throwable>> throwables = new ArrayList<>();
		for (Class<?> type : types) {
			if (!Throwable.class.isAssignableFrom(type)) {
				throw new IllegalArgumentException(type.getName() + " is not an exception type");
			}
			throwables.add(type.asSubclass(Throwable.class));
		}
		return throwables;
	}

	private static <S, T> T pick(S value, S fallback, Function<S, @Nullable T> getter) {
		T own = getter.apply(value);
		return (own != null) ? own : getter.apply(fallback);
	}

	private static <T> void set(String property, @Nullable T value, Consumer<T> setter) {
		if (value != null) {
			check(property, value, () -> setter.accept(value));
		}
	}

	private static void check(String property, @Nullable Object value, Runnable apply) {
		try {
			apply.run();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

	/** What every policy is built with. */
	private record Parts(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, ResilienceListener listener,
			List<ResiliencePolicyCustomizer> customizers) {
	}

	/**
	 * The HTTP timeouts of a policy.
	 *
	 * @param connect the connect timeout, or {@code null} if not set
	 * @param read the read timeout, or {@code null} if not set
	 */
	record Timeouts(@Nullable Duration connect, @Nullable Duration read) {
	}

}
