package dev.hardening.autoconfigure.idempotency;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.idempotency.IdempotencyProperties.Policy;
import dev.hardening.autoconfigure.ratelimit.KeyResolvers;
import dev.hardening.autoconfigure.ratelimit.RateLimitKeyResolver;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The configured policies, checked at startup: a bad value fails the application with a message
 * that names the property, never the first request.
 */
final class IdempotencyRules {

	private static final String PREFIX = "hardening.idempotency.policies";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

	/** Methods that are idempotent already (RFC 9110 9.2.2) or safe: guarding them is a mistake. */
	private static final Set<String> IDEMPOTENT_ALREADY = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final List<IdempotencyRule> pathRules;

	private final Map<String, IdempotencyRule> byName;

	private final IdempotencyRule annotated;

	/** Whether some handler carries {@link Idempotent @Idempotent}; known once the handlers are. */
	private volatile boolean annotatedHandlers;

	private IdempotencyRules(List<IdempotencyRule> rules, IdempotencyRule annotated) {
		this.pathRules = rules.stream().filter((rule) -> !rule.paths().isEmpty()).toList();
		Map<String, IdempotencyRule> byName = new LinkedHashMap<>();
		rules.forEach((rule) -> byName.put(rule.name(), rule));
		this.byName = Map.copyOf(byName);
		this.annotated = annotated;
	}

	/**
	 * Checks and compiles the policies.
	 * @param policies the configured policies
	 * @param addresses the client address resolver, for {@code ip} and {@code principal} keys
	 * @param customKeys finds a key resolver bean by name, or returns {@code null}
	 * @return the rules
	 * @throws InvalidConfigurationPropertyValueException naming the first bad property
	 */
	static IdempotencyRules of(List<Policy> policies, ClientAddressResolver addresses,
			Function<String, @Nullable RateLimitKeyResolver> customKeys) {
		List<IdempotencyRule> rules = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < policies.size(); i++) {
			Policy policy = policies.get(i);
			String property = PREFIX + "[" + i + "]";
			String name = policy.getName();
			if (name == null || !NAME.matcher(name).matches()) {
				throw new InvalidConfigurationPropertyValueException(property + ".name", name,
						"Every policy needs a name of letters, digits, '.', '_' and '-'.");
			}
			if (!names.add(name)) {
				throw new InvalidConfigurationPropertyValueException(property + ".name", name,
						"Another policy has the same name; names must be unique.");
			}
			rules.add(new IdempotencyRule(name,
					PathPatterns.of(policy.getPaths(), property + ".paths", policy.getExcludePaths(),
							property + ".exclude-paths"),
					methods(policy.getMethods(), property), policy.isRequired(),
					client(policy.getKey(), property + ".key", addresses, customKeys)));
		}
		IdempotencyRule annotated = new IdempotencyRule("annotated", PathPatterns.of(List.of(), "", List.of(), ""),
				Set.of(), false, KeyResolvers.of("ip", PREFIX, addresses, 128, (key) -> null));
		return new IdempotencyRules(rules, annotated);
	}

	/**
	 * Returns the first path rule that guards a request.
	 * @param request the request, as Spring MVC routed it
	 * @return the rule, or {@code null}
	 */
	@Nullable IdempotencyRule forPath(HttpServletRequest request) {
		String method = request.getMethod();
		for (IdempotencyRule rule : this.pathRules) {
			if (rule.appliesTo(method) && rule.paths().matches(request)) {
				return rule;
			}
		}
		return null;
	}

	/**
	 * Returns a rule by its policy's name, or the rule of an unnamed {@link Idempotent @Idempotent}.
	 * @param name the name, or empty
	 * @return the rule, or {@code null} when no policy has the name
	 */
	@Nullable IdempotencyRule named(String name) {
		return name.isEmpty() ? this.annotated : this.byName.get(name);
	}

	/**
	 * Tells whether any request can be guarded: by a path policy, or by an annotated handler.
	 * Without either, a request that happens to carry the header is none of the starter's business.
	 * @return whether a policy or an annotation exists
	 */
	boolean guardAnything() {
		return !this.pathRules.isEmpty() || this.annotatedHandlers;
	}

	void annotatedHandlersFound() {
		this.annotatedHandlers = true;
	}

	Set<String> names() {
		return this.byName.keySet();
	}

	private static Set<String> methods(List<String> configured, String property) {
		if (configured.isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(property + ".methods", "[]",
					"A policy needs at least one method, such as POST.");
		}
		Set<String> methods = new HashSet<>();
		for (int i = 0; i < configured.size(); i++) {
			String method = configured.get(i).trim().toUpperCase(Locale.ROOT);
			if (method.isEmpty() || !method.chars().allMatch((c) -> c >= 'A' && c <= 'Z')) {
				throw new InvalidConfigurationPropertyValueException(property + ".methods[" + i + "]", method,
						"It must be an HTTP method such as POST or PATCH.");
			}
			if (IDEMPOTENT_ALREADY.contains(method)) {
				throw new InvalidConfigurationPropertyValueException(property + ".methods[" + i + "]", method,
						method + " is safe, and so idempotent already: guard methods such as POST and PATCH.");
			}
			methods.add(method);
		}
		return Set.copyOf(methods);
	}

	private static RateLimitKeyResolver client(String key, String property, ClientAddressResolver addresses,
			Function<String, @Nullable RateLimitKeyResolver> customKeys) {
		if ("global".equalsIgnoreCase(key.trim())) {
			throw new InvalidConfigurationPropertyValueException(property, key,
					"global would let one client be answered with another's response: use ip, header:<Name> or principal.");
		}
		// a client on IPv6 is its own address here, not its /64: keys must never be shared between hosts
		return KeyResolvers.of(key, property, addresses, 128, customKeys);
	}

}
