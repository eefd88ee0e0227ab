package dev.hardening.autoconfigure.idempotency;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.WebUtils;

/**
 * Decides, once Spring Security knows the user and Spring MVC the handler, which policy guards a
 * request: an {@link Idempotent @Idempotent} on the handler method or its class, else the first
 * path policy for the request as Spring MVC routed it (a {@code HiddenHttpMethodFilter} that turned
 * a {@code POST} into a {@code PATCH} does not escape a policy that way). Then the guard takes over.
 */
final class IdempotencyInterceptor implements HandlerInterceptor {

	private final IdempotencyRules rules;

	private final IdempotencyGuard guard;

	private final Map<HandlerMethod, Optional<IdempotencyRule>> annotated = new ConcurrentHashMap<>();

	IdempotencyInterceptor(IdempotencyRules rules, IdempotencyGuard guard) {
		this.rules = rules;
		this.guard = guard;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (request.getDispatcherType() != DispatcherType.REQUEST) {
			// an async or error dispatch of a request that was already guarded
			return true;
		}
		IdempotencyRule rule = null;
		if (handler instanceof HandlerMethod method) {
			rule = this.annotated.computeIfAbsent(method, (key) -> Optional.ofNullable(annotatedRule(key))).orElse(null);
		}
		if (rule == null) {
			rule = this.rules.forPath(request);
		}
		if (rule != null && !this.guard.guard(request, response, rule)) {
			return false;
		}
		if (request.getAttribute(Guarded.ATTRIBUTE) == null) {
			// not guarded after all (no policy, or no key under an optional one): stream as usual
			RecordingResponse recording = WebUtils.getNativeResponse(response, RecordingResponse.class);
			if (recording != null) {
				recording.passThrough();
			}
		}
		return true;
	}

	private @Nullable IdempotencyRule annotatedRule(HandlerMethod method) {
		String name = annotatedPolicy(method);
		return (name != null) ? this.rules.named(name) : null;
	}

	/**
	 * The policy a handler method names, on the method or else on its class.
	 * @return the name, empty for an unnamed annotation, or {@code null} when there is none
	 */
	static @Nullable String annotatedPolicy(HandlerMethod method) {
		Idempotent onMethod = method.getMethodAnnotation(Idempotent.class);
		if (onMethod != null) {
			return onMethod.value();
		}
		Idempotent onClass = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Idempotent.class);
		return (onClass != null) ? onClass.value() : null;
	}

}
