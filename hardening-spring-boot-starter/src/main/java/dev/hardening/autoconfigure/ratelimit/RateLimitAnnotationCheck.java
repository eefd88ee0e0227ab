package dev.hardening.autoconfigure.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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
		for (RequestMappingHandlerMapping mapping : this.beans.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				for (String name : RateLimitInterceptor.policyNames(entry.getValue())) {
					if (this.rules.named(name) == null) {
						problems.add("@RateLimit(\"" + name + "\") on " + entry.getValue().getShortLogMessage());
					}
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("No policy under hardening.rate-limit.policies has the name used by "
					+ String.join(", ", problems) + ". Configured policies: " + this.rules.names() + ".");
		}
	}

}
