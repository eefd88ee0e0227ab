package dev.hardening.autoconfigure.ratelimit;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.WebMvcHooks;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails the application at startup when a {@link RateLimit @RateLimit} names a policy that is not
 * configured, rather than letting the endpoint run unlimited.
 */
final class RateLimitAnnotationCheck implements SmartInitializingSingleton {

	private final ListableBeanFactory beans;

	private final RateLimitRules rules;

	RateLimitAnnotationCheck(ListableBeanFactory beans, RateLimitRules rules) {
		this.beans = beans;
		this.rules = rules;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> problems = new ArrayList<>();
		WebMvcHooks.forEachHandlerMethod(this.beans, (method) -> {
			for (String name : RateLimitInterceptor.policyNames(method)) {
				if (this.rules.named(name) == null) {
					problems.add("@RateLimit(\"" + name + "\") on " + method.getShortLogMessage());
				}
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalStateException("No policy under hardening.rate-limit.policies has the name used by "
					+ String.join(", ", problems) + ". Configured policies: " + this.rules.names() + ".");
		}
	}

}
