package dev.hardening.autoconfigure.redis;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the application points at a Redis: {@code hardening.redis.url},
 * {@code .cluster.nodes} or {@code .sentinel.master}, or Spring Data Redis's {@code url},
 * {@code host}, {@code cluster.nodes} or {@code sentinel.master}. A Spring Data Redis on the
 * classpath with nothing configured does not count: its default of localhost is not a decision.
 */
class RedisConfiguredCondition extends SpringBootCondition {

	static final String[] PROPERTIES = { "hardening.redis.url", "hardening.redis.cluster.nodes",
			"hardening.redis.sentinel.master", "spring.data.redis.url", "spring.data.redis.host",
			"spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master" };

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		if (!environment.getProperty("hardening.redis.enabled", Boolean.class, true)) {
			return ConditionOutcome.noMatch("hardening.redis.enabled is false");
		}
		for (String property : PROPERTIES) {
			// a list is one comma-separated value, or indexed entries (YAML)
			if (StringUtils.hasText(environment.getProperty(property))
					|| StringUtils.hasText(environment.getProperty(property + "[0]"))) {
				return ConditionOutcome.match(property + " is set");
			}
		}
		return ConditionOutcome.noMatch("none of " + String.join(", ", PROPERTIES) + " is set");
	}

}
