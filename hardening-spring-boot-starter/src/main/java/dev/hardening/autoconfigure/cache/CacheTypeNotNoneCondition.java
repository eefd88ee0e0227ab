package dev.hardening.autoconfigure.cache;

import java.util.Locale;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the application turned caching off with Spring Boot's {@code spring.cache.type=none}.
 */
class CacheTypeNotNoneCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String type = context.getEnvironment().getProperty("spring.cache.type", "");
		return "none".equals(type.trim().toLowerCase(Locale.ROOT))
				? ConditionOutcome.noMatch("spring.cache.type is none: the application turned caching off")
				: ConditionOutcome.match("spring.cache.type is not none");
	}

}
