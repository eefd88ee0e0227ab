package dev.hardening.autoconfigure.ratelimit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.ratelimit.RateLimitProperties.Limit;
import dev.hardening.autoconfigure.ratelimit.RateLimitProperties.Policy;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.ratelimit.RateLimitPolicy;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.http.server.PathContainer;

/**
 * The configured policies, checked at startup: a bad value fails the application with a message
 * that names the property, never the first request.
 */
final class RateLimitRules {

	private static final String PREFIX = "hardening.rate-limit.policies";

	private final List<RateLimitRule> pathRules;

	private final Map<String, RateLimitRule> byName;

	private RateLimitRules(List<RateLimitRule> rules) {
		this.pathRules = rules.stream().filter((rule) -> !rule.paths().isEmpty()).toList();
		Map<String, RateLimitRule> byName = new LinkedHashMap<>();
		rules.forEach((rule) -> byName.put(rule.policy().name(), rule));
		this.byName = Map.copyOf(byName);
	}

	/**
	 * Checks and compiles the policies.
	 * @param policies the configured policies
	 * @param addresses the client address resolver, for {@code ip} and {@code principal} keys
	 * @param ipv6Prefix the network length an IPv6 client is keyed by
	 * @param customKeys finds a {@link RateLimitKeyResolver} bean by name, or returns {@code null}
	 * @return the rules
	 * @throws InvalidConfigurationPropertyValueException naming the first bad property
	 */
	static RateLimitRules of(List<Policy> policies, ClientAddressResolver addresses, int ipv6Prefix,
			Function<String, @Nullable RateLimitKeyResolver> customKeys) {
		List<RateLimitRule> rules = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < policies.size(); i++) {
			Policy policy = policies.get(i);
			String property = PREFIX + "[" + i + "]";
			RateLimitPolicy compiled = policy(policy, property);
			if (!names.add(compiled.name())) {
				throw new InvalidConfigurationPropertyValueException(property + ".name", compiled.name(),
						"Another policy has the same name; names must be unique.");
			}
			rules.add(new RateLimitRule(compiled,
					PathPatterns.of(policy.getPaths(), property + ".paths", policy.getExcludePaths(),
							property + ".exclude-paths"),
					methods(policy, property),
					KeyResolvers.of(policy.getKey(), property + ".key", addresses, ipv6Prefix, customKeys),
					"principal".equalsIgnoreCase(policy.getKey().trim()), policy.getOnMissingKey(),
					keyDescription(policy.getKey()), challenge(compiled.name(), policy.getKey())));
		}
		return new RateLimitRules(rules);
	}

	/**
	 * Returns the path rules that apply to a request.
	 * @param request the request
	 * @param afterAuthentication {@code false} for the rules that need no authenticated user
	 * only (the filter, before Spring Security), {@code true} for every rule (the interceptor,
	 * on the request as Spring MVC routed it)
	 * @return the rules, in configuration order: a new list the caller may add to, or an empty
	 * immutable one
	 */
	List<RateLimitRule> forPath(HttpServletRequest request, boolean afterAuthentication) {
		if (this.pathRules.isEmpty()) {
			return List.of();
		}
		// parsed once, and only for a rule whose paths are not every path
		@Nullable PathContainer path = null;
		String method = request.getMethod();
		List<RateLimitRule> applicable = null;
		for (int i = 0; i < this.pathRules.size(); i++) {
			RateLimitRule rule = this.pathRules.get(i);
			if ((!afterAuthentication && rule.afterAuthentication()) || !rule.appliesTo(method)) {
				continue;
			}
			boolean matches;
			if (rule.paths().matchesEveryPath()) {
				matches = true;
			}
			else {
				if (path == null) {
					path = PathPatterns.pathOf(request);
				}
				matches = rule.paths().matches(path);
			}
			if (matches) {
				if (applicable == null) {
					applicable = new ArrayList<>(2);
				}
				applicable.add(rule);
			}
		}
		return (applicable != null) ? applicable : List.of();
	}

	/**
	 * Returns a rule by its policy's name.
	 * @param name the name
	 * @return the rule, or {@code null}
	 */
	@Nullable RateLimitRule named(String name) {
		return this.byName.get(name);
	}

	Set<String> names() {
		return this.byName.keySet();
	}

	private static RateLimitPolicy policy(Policy policy, String property) {
		if (policy.getName() == null) {
			throw new InvalidConfigurationPropertyValueException(property + ".name", null, "Every policy needs a name.");
		}
		RateLimitPolicy.Builder builder = check(property + ".name", policy.getName(),
				() -> RateLimitPolicy.builder(policy.getName()));
		if (policy.getLimits().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(property + ".limits", null,
					"A policy needs at least one limit, such as {capacity: 100, period: 1m}.");
		}
		for (int j = 0; j < policy.getLimits().size(); j++) {
			Limit limit = policy.getLimits().get(j);
			String limitProperty = property + ".limits[" + j + "]";
			Duration period = limit.getPeriod();
			if (period == null) {
				throw new InvalidConfigurationPropertyValueException(limitProperty + ".period", null,
						"Every limit needs a period, such as 1m.");
			}
			// each value on its own first, so that an error names the property that is wrong
			if (limit.getCapacity() < 1) {
				throw new InvalidConfigurationPropertyValueException(limitProperty + ".capacity", limit.getCapacity(),
						"capacity must be at least 1, but was " + limit.getCapacity());
			}
			check(limitProperty + ".period", period, () -> dev.hardening.ratelimit.Limit.of(1, period));
			// then together: a capacity too high for its period
			check(limitProperty + ".capacity", limit.getCapacity(), () -> builder.limit(limit.getCapacity(), period));
		}
		builder.refill(policy.getRefill());
		check(property + ".cost", policy.getCost(), () -> builder.cost(policy.getCost()));
		return check(property + ".cost", policy.getCost(), builder::build);
	}

	private static Set<String> methods(Policy policy, String property) {
		Set<String> methods = new HashSet<>();
		for (int i = 0; i < policy.getMethods().size(); i++) {
			String method = policy.getMethods().get(i).trim().toUpperCase(Locale.ROOT);
			if (method.isEmpty() || !method.chars().allMatch((c) -> c >= 'A' && c <= 'Z')) {
				throw new InvalidConfigurationPropertyValueException(property + ".methods[" + i + "]", method,
						"It must be an HTTP method such as GET or POST.");
			}
			methods.add(method);
			if (method.equals("GET")) {
				// RFC 9110 9.3.2: HEAD is GET without the body, and Spring MVC serves it with the GET handler
				methods.add("HEAD");
			}
		}
		return Set.copyOf(methods);
	}

	private static String keyDescription(String key) {
		String header = KeyResolvers.headerName(key.trim());
		return (header != null) ? "the " + header + " header" : "a " + key.trim();
	}

	/**
	 * The challenge RFC 9110 (11.6.1) requires on a 401. No registered scheme fits a key in a
	 * header, so it is named ApiKey, after OpenAPI's apiKey security scheme type, with the policy
	 * as the realm and the header to send; both are tokens, so they need no escaping inside the quotes.
	 */
	private static String challenge(String policy, String key) {
		String header = KeyResolvers.headerName(key.trim());
		return "ApiKey realm=\"" + policy + "\"" + ((header != null) ? ", header=\"" + header + "\"" : "");
	}

	private static <T> T check(String property, @Nullable Object value, Supplier<T> step) {
		try {
			return step.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}
