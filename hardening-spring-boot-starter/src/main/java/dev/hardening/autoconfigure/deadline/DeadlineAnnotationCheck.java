package dev.hardening.autoconfigure.deadline;

import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.WebMvcHooks;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Reads every {@link Deadline @Deadline} at startup: a value that is not a positive duration fails
 * the application, naming the handler, rather than its first request; and the rules learn whether
 * any handler is annotated.
 */
final class DeadlineAnnotationCheck implements SmartInitializingSingleton {

	private final ListableBeanFactory beans;

	private final DeadlineRules rules;

	DeadlineAnnotationCheck(ListableBeanFactory beans, DeadlineRules rules) {
		this.beans = beans;
		this.rules = rules;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> problems = new ArrayList<>();
		WebMvcHooks.forEachHandlerMethod(this.beans, (method) -> {
			try {
				if (DeadlineInterceptor.budget(method) != null) {
					this.rules.annotatedHandlersFound();
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add(method.getShortLogMessage());
			}
		});
		if (!problems.isEmpty()) {
			throw new IllegalStateException("@Deadline must name a positive duration, such as @Deadline(\"2s\"), on "
					+ String.join(", ", problems) + ".");
		}
	}

}
