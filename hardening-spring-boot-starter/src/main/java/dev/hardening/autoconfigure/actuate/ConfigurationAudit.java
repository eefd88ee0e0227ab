package dev.hardening.autoconfigure.actuate;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hardening.autoconfigure.audit.AuditProperties;
import dev.hardening.autoconfigure.audit.AuditedPointcut;
import dev.hardening.autoconfigure.actuate.Finding.Severity;
import dev.hardening.autoconfigure.crypto.FieldEncryptionProperties;
import dev.hardening.autoconfigure.pagination.PaginationProperties;
import dev.hardening.autoconfigure.ratelimit.RateLimitProperties;
import dev.hardening.autoconfigure.resilience.ResilienceProperties;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.autoconfigure.web.CorsProperties;
import dev.hardening.autoconfigure.web.HardeningWebProperties;
import dev.hardening.pagination.CursorPageRequest;
import dev.hardening.redis.RedisConnector;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.PointcutAdvisor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The checks of the hardening report: each reads the effective configuration (the environment,
 * and the beans the starter built from it) and adds a {@link Finding} when a setting will hurt in
 * production. Every id is documented in docs/hardening-report.md.
 */
final class ConfigurationAudit {

	/** Property names that hold secrets, judged by their last segment. */
	static final Pattern SECRET_NAME = Pattern
		.compile(".*(password|passwd|secret|token|credentials|api-?key|private-?key|access-?key|chain-?key)$");

	// a password parameter, or any user info: redis://:secret@host and redis://secret@host carry a password too
	private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=[^&;]+|//[^/@?#]+@)");

	// a placeholder whose default is written in the file: ${DB_PASSWORD:hunter2}
	private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{[^}:]+:([^}]+)}");

	private static final Pattern RESOURCE = Pattern.compile("\\[(.*?)]");

	private static final Set<String> SENSITIVE_ENDPOINTS = Set.of("*", "env", "heapdump", "configprops");

	private static final Duration LONG_TIMEOUT = Duration.ofSeconds(60);

	private static final boolean SPRING_MVC_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping",
			ConfigurationAudit.class.getClassLoader());

	private final ConfigurableEnvironment environment;

	private final ListableBeanFactory beans;

	private final Binder binder;

	private final DatabaseAudit database;

	ConfigurationAudit(ConfigurableEnvironment environment, ListableBeanFactory beans, ReportProperties properties) {
		this.environment = environment;
		this.beans = beans;
		this.binder = Binder.get(environment);
		this.database = new DatabaseAudit(environment, beans, properties);
	}

	/**
	 * Runs the checks that the configuration alone decides.
	 * @return the findings, in a stable order
	 */
	List<Finding> startupFindings() {
		List<Finding> findings = new ArrayList<>();
		this.database.startupFindings(findings);
		literalSecrets(findings);
		actuatorExposure(findings);
		livenessDependencies(findings);
		corsWildcards(findings);
		allowedHosts(findings);
		redisTimeouts(findings);
		httpTimeouts(findings);
		rateLimitBackend(findings);
		rateLimitIpv6Prefix(findings);
		cursorSecret(findings);
		encryptionKeyAge(findings);
		shutdown(findings);
		if (SPRING_MVC_PRESENT) {
			ExceptionHandlerAudit.catchAllHandlers(this.beans, findings);
		}
		return findings;
	}

	/**
	 * Runs the checks that ask the database, once the application is ready: the pool against
	 * the connections the database accepts.
	 * @return the findings
	 */
	List<Finding> readyFindings() {
		List<Finding> findings = new ArrayList<>();
		this.database.readyFindings(findings);
		auditChainKey(findings);
		return findings;
	}

	/** Once the beans are made, so that it is known whether any has an @Audited method. */
	private void auditChainKey(List<Finding> findings) {
		AuditProperties audit = bean(AuditProperties.class);
		if (audit == null || !audit.isEnabled() || StringUtils.hasLength(audit.getChainKey())
				|| !(this.beans.containsBean("hardeningAuditedAdvisor")
						&& this.beans.getBean("hardeningAuditedAdvisor") instanceof PointcutAdvisor advisor
						&& advisor.getPointcut() instanceof AuditedPointcut audited && audited.isUsed())) {
			return;
		}
		findings.add(new Finding("HR-AUDIT-NO-KEY", Severity.MEDIUM,
				"@Audited methods record audit events without a hash chain: hardening.audit.chain-key is not set, "
						+ "so an event edited or removed where it is stored cannot be told from a real one",
				"Set hardening.audit.chain-key from the environment or a mounted secret (32+ bytes, e.g. openssl rand "
						+ "-base64 32), and use hardening.audit.sink=jdbc to verify the chain"));
	}

	/**
	 * Runs the checks that traffic decides, such as forwarding headers from an unlisted proxy.
	 * @return the findings so far
	 */
	List<Finding> runtimeFindings() {
		List<Finding> findings = new ArrayList<>();
		HardeningWebProperties web = bean(HardeningWebProperties.class);
		ClientAddressResolver addresses = bean(ClientAddressResolver.class);
		if (web != null && addresses != null && web.getTrustedProxies().isEmpty()
				&& addresses.ignoredFromPrivatePeers() > 0) {
			findings.add(new Finding("HR-PROXIES-EMPTY", Severity.MEDIUM,
					addresses.ignoredFromPrivatePeers() + " requests came from a private address with X-Forwarded-For "
							+ "or Forwarded while hardening.web.trusted-proxies is empty, so every client looks "
							+ "like that proxy to rate limits and the access log",
					"List the proxy's addresses or range in hardening.web.trusted-proxies, e.g. 10.0.0.0/8"));
		}
		if (addresses != null && addresses.otherHeaderFromProxies() > 0) {
			String configured = addresses.forwardedHeader().fieldName();
			findings.add(new Finding("HR-PROXIES-HEADER", Severity.MEDIUM,
					addresses.otherHeaderFromProxies() + " requests from a trusted proxy carried the other forwarding "
							+ "header but no " + configured + ", which hardening.web.forwarded-header names, so every "
							+ "client behind it looks like that proxy to rate limits and the access log",
					"Set hardening.web.forwarded-header to the header the proxy writes: x-forwarded-for or forwarded"));
		}
		return findings;
	}

	// --- secrets

	private void literalSecrets(List<Finding> findings) {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable) || !source.getName().contains("class path")) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				Object value = enumerable.getProperty(name);
				String text = (value != null) ? value.toString() : "";
				if (!holdsSecret(name, literalPart(text))) {
					continue;
				}
				findings.add(new Finding("HR-SECRET-LITERAL", Severity.HIGH,
						name + " is written literally in " + resource(source.getName())
								+ ", which is packaged with the application",
						"Remove it from the file and set it from the environment ("
								+ environmentVariable(name)
								+ ") or from a mounted secret: spring.config.import=configtree:/run/secrets/"));
			}
		}
	}

	// Boot's name for a property set from the environment: a.b-c[0].d is A_BC_0_D
	private static String environmentVariable(String property) {
		return property.replace("-", "").replace("[", "_").replace("]", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	/** The part of a value written in the file: all of it, or a placeholder's default. */
	private static String literalPart(String value) {
		if (!value.contains("${")) {
			return value;
		}
		Matcher fallback = PLACEHOLDER_DEFAULT.matcher(value);
		return fallback.find() ? fallback.group(1) : "";
	}

	static boolean holdsSecret(String name, String value) {
		if (value.isBlank()) {
			return false;
		}
		if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
			// allow-credentials, not a credential
			return false;
		}
		String last = name.substring(name.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "").toLowerCase(Locale.ROOT);
		if (SECRET_NAME.matcher(last).matches()) {
			return true;
		}
		return (last.endsWith("url") || last.endsWith("uri")) && PASSWORD_IN_URL.matcher(value).find();
	}

	private static String resource(String sourceName) {
		Matcher matcher = RESOURCE.matcher(sourceName);
		return matcher.find() ? matcher.group(1) : sourceName;
	}

	// --- actuator

	private void actuatorExposure(List<Finding> findings) {
		List<String> exposed = list("management.endpoints.web.exposure.include");
		List<String> excluded = list("management.endpoints.web.exposure.exclude");
		if (excluded.contains("*")) {
			exposed.clear();
		}
		exposed.removeAll(excluded);
		List<String> sensitive = exposed.stream().filter(SENSITIVE_ENDPOINTS::contains).toList();
		boolean secured = hasBeanOf("org.springframework.security.web.SecurityFilterChain");
		if (!sensitive.isEmpty() && !secured) {
			findings.add(new Finding("HR-ACTUATOR-EXPOSURE", Severity.HIGH,
					"management.endpoints.web.exposure.include exposes " + String.join(", ", sensitive)
							+ " over HTTP without Spring Security: configuration, and with heapdump every secret "
							+ "in memory, is one request away",
					"Expose only health (and info, metrics, prometheus if needed), or secure the actuator "
							+ "endpoints with Spring Security, or serve them on an internal management.server.port"));
		}
		for (String endpoint : List.of("env", "configprops", "quartz")) {
			String property = "management.endpoint." + endpoint + ".show-values";
			String showValues = this.environment.getProperty(property);
			if (showValues != null && !showValues.equalsIgnoreCase("never")) {
				findings.add(new Finding("HR-ACTUATOR-VALUES", Severity.MEDIUM,
						property + "=" + showValues + " shows unsanitized values, secrets included",
						"Remove the property (never is the default)"));
			}
		}
	}

	private void livenessDependencies(List<Finding> findings) {
		List<String> liveness = list("management.endpoint.health.group.liveness.include");
		List<String> dependencies = liveness.stream()
			.filter((name) -> name.equals("*") || ReadinessIncludesDependencies.DEPENDENCIES.contains(name))
			.toList();
		if (!dependencies.isEmpty()) {
			findings.add(new Finding("HR-LIVENESS-DEPENDENCY", Severity.HIGH,
					"The liveness group includes " + String.join(", ", dependencies)
							+ ": when that dependency is down, the orchestrator restarts every instance at once",
					"Include dependencies in the readiness group only (hardening does so by default) and keep "
							+ "liveness to livenessState"));
		}
	}

	// --- web

	private void corsWildcards(List<Finding> findings) {
		boolean actuatorWildcard = list("management.endpoints.web.cors.allowed-origins").contains("*")
				|| list("management.endpoints.web.cors.allowed-origin-patterns").contains("*");
		if (actuatorWildcard
				&& this.environment.getProperty("management.endpoints.web.cors.allow-credentials", Boolean.class, false)) {
			findings.add(corsFinding("management.endpoints.web.cors"));
		}
		HardeningWebProperties web = bean(HardeningWebProperties.class);
		if (web == null) {
			return;
		}
		for (CorsProperties.CorsMapping mapping : web.getCors().getMappings()) {
			if (mapping.isAllowCredentials() && (mapping.getAllowedOrigins().contains("*")
					|| mapping.getAllowedOriginPatterns().contains("*"))) {
				findings.add(corsFinding("hardening.web.cors.mappings (" + mapping.getPaths() + ")"));
			}
		}
	}

	private static Finding corsFinding(String where) {
		return new Finding("HR-CORS-WILDCARD", Severity.HIGH,
				where + " allows any origin with credentials: any web site can make its visitors' browsers "
						+ "call this service as them",
				"List the origins that may call this service");
	}

	private void allowedHosts(List<Finding> findings) {
		HardeningWebProperties web = bean(HardeningWebProperties.class);
		if (web == null || !web.isEnabled() || !web.getHostCheck().isEnabled() || !web.getAllowedHosts().isEmpty()) {
			return;
		}
		String address = this.environment.getProperty("server.address");
		if (address != null && isLocal(address)) {
			return;
		}
		findings.add(new Finding("HR-HOSTS-EMPTY", Severity.MEDIUM,
				"hardening.web.allowed-hosts is empty: requests for any Host are answered, which lets DNS "
						+ "rebinding reach this service and poisons links built from the Host",
				"List the names this service answers to in hardening.web.allowed-hosts, e.g. api.example.com"));
	}

	// --- timeouts

	private void redisTimeouts(List<Finding> findings) {
		RedisConnector connector = bean(RedisConnector.class);
		if (connector != null) {
			RedisTransportFindings.add(connector, findings);
		}
		if (connector != null && connector.settings().commandTimeout().compareTo(LONG_TIMEOUT) >= 0) {
			findings.add(redisFinding("hardening.redis.command-timeout is "
					+ connector.settings().commandTimeout().toSeconds() + " s"));
		}
		if (!hasBeanOf("org.springframework.data.redis.connection.RedisConnectionFactory")) {
			return;
		}
		Duration timeout = duration("spring.data.redis.timeout");
		if (timeout == null || timeout.compareTo(LONG_TIMEOUT) >= 0) {
			findings.add(redisFinding("spring.data.redis.timeout is "
					+ ((timeout != null) ? timeout.toSeconds() + " s" : "not set (Lettuce waits 60 s)")));
		}
		for (String client : List.of("lettuce", "jedis")) {
			String prefix = "spring.data.redis." + client + ".pool.";
			boolean pooled = this.environment.getProperty(prefix + "enabled", Boolean.class, false)
					|| this.environment.containsProperty(prefix + "max-active");
			Duration maxWait = duration(prefix + "max-wait");
			if (pooled && (maxWait == null || maxWait.isNegative())) {
				findings.add(redisFinding(prefix + "max-wait is -1: a request waits forever for a pooled connection"));
			}
		}
	}

	private static Finding redisFinding(String found) {
		return new Finding("HR-REDIS-TIMEOUT", Severity.MEDIUM, found + ": a slow or lost Redis holds every request "
				+ "that touches it, and the threads run out", "Use a timeout of a few hundred milliseconds "
						+ "(hardening's connection uses 250 ms) and a bounded pool max-wait");
	}

	private void httpTimeouts(List<Finding> findings) {
		Map<String, @Nullable Duration> timeouts = new LinkedHashMap<>();
		timeouts.put("spring.http.clients.connect-timeout", duration("spring.http.clients.connect-timeout"));
		timeouts.put("spring.http.clients.read-timeout", duration("spring.http.clients.read-timeout"));
		ResilienceProperties resilience = bean(ResilienceProperties.class);
		if (resilience != null) {
			timeouts.put("hardening.resilience.defaults.timeout", resilience.getDefaults().getTimeout());
			resilience.getPolicies()
				.forEach((name, policy) -> timeouts.put("hardening.resilience.policies." + name + ".timeout",
						policy.getTimeout()));
		}
		timeouts.forEach((property, timeout) -> {
			if (timeout != null && timeout.compareTo(LONG_TIMEOUT) >= 0) {
				findings.add(new Finding("HR-HTTP-TIMEOUT", Severity.MEDIUM,
						property + " is " + timeout.toSeconds() + " s: a hung downstream holds a thread per request "
								+ "for that long",
						"Use a timeout close to the downstream's real latency (hardening's default read timeout "
								+ "is 10 s)"));
			}
		});
	}

	// --- capabilities

	private void rateLimitBackend(List<Finding> findings) {
		RateLimitProperties rateLimit = bean(RateLimitProperties.class);
		if (rateLimit != null && rateLimit.getBackend() == RateLimitProperties.Backend.LOCAL
				&& bean(RedisConnector.class) != null) {
			findings.add(new Finding("HR-RATELIMIT-LOCAL", Severity.MEDIUM,
					"hardening.rate-limit.backend=local while Redis is configured: each instance keeps its own "
							+ "budget, so N instances allow N times the limit",
					"Remove hardening.rate-limit.backend (auto uses Redis when configured)"));
		}
	}

	private void rateLimitIpv6Prefix(List<Finding> findings) {
		RateLimitProperties rateLimit = bean(RateLimitProperties.class);
		if (rateLimit != null && rateLimit.isEnabled() && rateLimit.getIpv6Prefix() > 64) {
			findings.add(new Finding("HR-RATELIMIT-IPV6-PREFIX", Severity.MEDIUM,
					"hardening.rate-limit.ipv6-prefix=" + rateLimit.getIpv6Prefix() + " keys IPv6 clients by less than "
							+ "a /64, and one host usually owns a whole /64: it gets a fresh bucket for every address "
							+ "it picks from it",
					"Remove hardening.rate-limit.ipv6-prefix (64 by default), or lower it"));
		}
	}

	private void cursorSecret(List<Finding> findings) {
		PaginationProperties pagination = bean(PaginationProperties.class);
		if (pagination == null || !pagination.isEnabled() || StringUtils.hasLength(pagination.getCursorSecret())
				|| !usesCursors()) {
			return;
		}
		findings.add(new Finding("HR-CURSOR-SECRET", Severity.MEDIUM,
				"hardening.pagination.cursor-secret is not set: cursors are signed with a random key, so they "
						+ "stop working when this instance restarts and are refused by other instances",
				"Set hardening.pagination.cursor-secret from the environment or a mounted secret "
						+ "(32+ characters, e.g. openssl rand -base64 32), the same on every instance"));
	}

	private void encryptionKeyAge(List<Finding> findings) {
		FieldEncryptionProperties crypto = bean(FieldEncryptionProperties.class);
		if (crypto == null) {
			return;
		}
		keyAge(findings, "hardening.crypto", crypto.getKeys(), crypto.getPrimaryKey(), crypto.getMaxKeyAge());
		keyAge(findings, "hardening.crypto.deterministic", crypto.getDeterministic().getKeys(),
				crypto.getDeterministic().getPrimaryKey(), crypto.getMaxKeyAge());
	}

	private static void keyAge(List<Finding> findings, String prefix, List<FieldEncryptionProperties.Key> keys,
			@Nullable Integer primaryKey, Duration maxAge) {
		for (FieldEncryptionProperties.Key key : keys) {
			boolean primary = (primaryKey != null) ? key.getId() == primaryKey : keys.size() == 1;
			LocalDate created = key.getCreated();
			if (!primary || created == null || !created.plusDays(maxAge.toDays()).isBefore(LocalDate.now())) {
				continue;
			}
			findings.add(new Finding("HR-CRYPTO-KEY-AGE", Severity.LOW,
					prefix + ": the primary key " + key.getId() + " was created on " + created + ", more than "
							+ prefix.substring(0, "hardening.crypto".length()) + ".max-key-age ("
							+ maxAge.toDays() + " days) ago",
					"Add a key with a new id, make it " + prefix + ".primary-key, and re-encrypt the stored values "
							+ "(dev.hardening.crypto.Reencryption) before removing the old key"));
		}
	}

	private boolean usesCursors() {
		if (!SPRING_MVC_PRESENT) {
			return false;
		}
		for (RequestMappingHandlerMapping mapping : this.beans.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (HandlerMethod method : mapping.getHandlerMethods().values()) {
				if (Arrays.stream(method.getMethodParameters())
					.anyMatch((parameter) -> parameter.getParameterType() == CursorPageRequest.class)) {
					return true;
				}
			}
		}
		return false;
	}

	private void shutdown(List<Finding> findings) {
		if ("immediate".equalsIgnoreCase(this.environment.getProperty("server.shutdown"))) {
			findings.add(new Finding("HR-SHUTDOWN-IMMEDIATE", Severity.MEDIUM,
					"server.shutdown=immediate: every deployment cuts the requests in flight",
					"Remove it (graceful is Boot's default) and keep spring.lifecycle.timeout-per-shutdown-phase "
							+ "below the orchestrator's grace period"));
		}
	}

	// --- helpers

	static boolean isLocal(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		return name.isEmpty() || name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]")
				|| name.equals("::1");
	}

	private List<String> list(String property) {
		return new ArrayList<>(this.binder.bind(property, String[].class)
			.map((values) -> Arrays.stream(values).map((value) -> value.trim().toLowerCase(Locale.ROOT)).toList())
			.orElse(List.of()));
	}

	private @Nullable Duration duration(String property) {
		String value = this.environment.getProperty(property);
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(value.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private boolean hasBeanOf(String className) {
		ClassLoader classLoader = getClass().getClassLoader();
		return ClassUtils.isPresent(className, classLoader)
				&& this.beans.getBeanNamesForType(ClassUtils.resolveClassName(className, classLoader), false, false).length > 0;
	}

	private <T> @Nullable T bean(Class<T> type) {
		return this.beans.getBeanProvider(type).getIfUnique();
	}

}
