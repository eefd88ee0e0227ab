package dev.hardening.autoconfigure.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies what needs Spring MVC's handler or Spring Security's user: {@link RateLimit @RateLimit}
 * policies of the handler method, and path policies keyed by {@code principal}. It also checks
 * every path policy again on the request as Spring MVC routed it: a filter after the rate-limit
 * filter may have changed its method or path (Spring's {@code HiddenHttpMethodFilter} turns a
 * {@code POST} into a {@code DELETE}, {@code UrlHandlerFilter} drops a trailing slash), and a
 * policy must not be escaped that way. Rules the filter already applied are not charged again.
 */
final class RateLimitInterceptor implements HandlerInterceptor {

	private final RateLimitRules rules;

	private final RateLimitEnforcer enforcer;

	private final Map<HandlerMethod, List<RateLimitRule>> annotated = new ConcurrentHashMap<>();

	RateLimitInterceptor(RateLimitRules rules, RateLimitEnforcer enforcer) {
		this.rules = rules;
		this.enforcer = enforcer;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			// an async or error dispatch of a request that was already counted
			return true;
		}
		List<RateLimitRule> applicable = this.rules.forPath(request, true);
		if (handler instanceof HandlerMethod method) {
			List<RateLimitRule> own = this.annotated.computeIfAbsent(method, this::annotatedRules);
			String httpMethod = request.getMethod();
			for (RateLimitRule rule : own) {
				// a policy's methods hold wherever it is attached; its paths are for path matching only
				if (rule.appliesTo(httpMethod)) {
					if (applicable.isEmpty()) {
						applicable = new ArrayList<>(own.size());
					}
					applicable.add(rule);
				}
			}
		}
		return applicable.isEmpty() || this.enforcer.enforce(request, response, applicable);
	}

	private List<RateLimitRule> annotatedRules(HandlerMethod method) {
		List<RateLimitRule> rules = new ArrayList<>();
		for (String name : policyNames(method)) {
			RateLimitRule rule = this.rules.named(name);
			if (rule != null) {
				rules.add(rule);
			}
		}
		return List.copyOf(rules);
	}

	/**
	 * The policies a handler method names, on the method and on its class.
	 */
	static List<String> policyNames(HandlerMethod method) {
		List<String> names = new ArrayList<>();
		RateLimit onClass = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RateLimit.class);
		RateLimit onMethod = method.getMethodAnnotation(RateLimit.class);
		for (RateLimit annotation : new RateLimit[] { onClass, onMethod }) {
			if (annotation != null) {
				for (String name : annotation.value()) {
					if (!names.contains(name)) {
						names.add(name);
					}
				}
			}
		}
		return names;
	}

}
