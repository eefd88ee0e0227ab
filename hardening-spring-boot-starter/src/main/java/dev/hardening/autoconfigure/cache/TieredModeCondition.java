package dev.hardening.autoconfigure.cache;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code hardening.cache.mode} is {@code local}.
 */
class TieredModeCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String mode = context.getEnvironment().getProperty("hardening.cache.mode", "auto");
		return "local".equalsIgnoreCase(mode.trim()) ? ConditionOutcome.noMatch("hardening.cache.mode is local")
				: ConditionOutcome.match("hardening.cache.mode is " + mode);
	}

}
