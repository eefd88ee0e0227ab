package dev.hardening.autoconfigure.idempotency;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.WebMvcHooks;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails the application at startup when an {@link Idempotent @Idempotent} names a policy that is
 * not configured, rather than letting the endpoint run unguarded, and tells the rules whether any
 * handler is annotated at all.
 */
final class IdempotentAnnotationCheck implements SmartInitializingSingleton {

	private final ListableBeanFactory beans;

	private final IdempotencyRules rules;

	IdempotentAnnotationCheck(ListableBeanFactory beans, IdempotencyRules rules) {
		this.beans = beans;
		this.rules = rules;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> problems = new ArrayList<>();
		WebMvcHooks.forEachHandlerMethod(this.beans, (method) -> {
			String name = IdempotencyInterceptor.annotatedPolicy(method);
			if (name != null) {
				this.rules.annotatedHandlersFound();
			}
			if (name != null && this.rules.named(name) == null) {
				problems.add("@Idempotent(\"" + name + "\") on " + method.getShortLogMessage());
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalStateException("No policy under hardening.idempotency.policies has the name used by "
					+ String.join(", ", problems) + ". Configured policies: " + this.rules.names() + ".");
		}
	}

}
