package dev.hardening.autoconfigure.deadline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.autoconfigure.deadline.DeadlineProperties.Route;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The configured budgets, checked at startup: the default timeout and the routes, first match
 * wins.
 */
final class DeadlineRules {

	private final @Nullable Duration timeout;

	private final List<PathPatterns> paths;

	private final List<Duration> budgets;

	/** Whether some handler carries {@link Deadline @Deadline}; known once the handlers are. */
	private volatile boolean annotatedHandlers;

	private DeadlineRules(@Nullable Duration timeout, List<PathPatterns> paths, List<Duration> budgets) {
		this.timeout = timeout;
		this.paths = paths;
		this.budgets = budgets;
	}

	static DeadlineRules of(DeadlineProperties properties) {
		Duration timeout = properties.getTimeout();
		if (timeout != null) {
			positive("hardening.deadline.timeout", timeout);
		}
		List<PathPatterns> paths = new ArrayList<>();
		List<Duration> budgets = new ArrayList<>();
		for (int i = 0; i < properties.getRoutes().size(); i++) {
			Route route = properties.getRoutes().get(i);
			String property = "hardening.deadline.routes[" + i + "]";
			if (route.getPaths().isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(property + ".paths", "[]",
						"A route needs at least one path pattern, such as /reports/**.");
			}
			if (route.getTimeout() == null) {
				throw new InvalidConfigurationPropertyValueException(property + ".timeout", null,
						"A route needs a timeout, such as 2s.");
			}
			positive(property + ".timeout", route.getTimeout());
			paths.add(PathPatterns.of(route.getPaths(), property + ".paths", List.of(), property + ".exclude-paths"));
			budgets.add(route.getTimeout());
		}
		return new DeadlineRules(timeout, List.copyOf(paths), List.copyOf(budgets));
	}

	/**
	 * Returns the budget of a request by its path.
	 * @param request the request
	 * @return the first matching route's budget, else the default timeout, else {@code null}
	 */
	@Nullable Duration budgetFor(HttpServletRequest request) {
		for (int i = 0; i < this.paths.size(); i++) {
			if (this.paths.get(i).matches(request)) {
				return this.budgets.get(i);
			}
		}
		return this.timeout;
	}

	/**
	 * Tells whether some request can get a budget by its path: a default timeout or a route.
	 * @return whether one is configured
	 */
	boolean byPath() {
		return this.timeout != null || !this.paths.isEmpty();
	}

	/**
	 * Tells whether any request can get a deadline: without a timeout, a route or an annotated
	 * handler, the filter does nothing at all.
	 * @return whether a budget is configured anywhere
	 */
	boolean setAnything() {
		return byPath() || this.annotatedHandlers;
	}

	void annotatedHandlersFound() {
		this.annotatedHandlers = true;
	}

	static void positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException(property, value, "It must be positive, such as 2s.");
		}
	}

}
