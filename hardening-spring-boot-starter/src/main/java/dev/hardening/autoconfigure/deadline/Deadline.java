package dev.hardening.autoconfigure.deadline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a handler method, or every handler method of a controller, its own time budget, counted
 * from the moment the request arrived. It replaces the budget of {@code hardening.deadline.timeout}
 * and of the routes; a caller's request timeout header still shortens it. The budget is spent as
 * {@link dev.hardening.deadline.Deadline} says.
 *
 * <pre>{@code
 * @GetMapping("/reports/{id}")
 * @Deadline("2s")
 * Report report(@PathVariable long id) { ... }
 * }</pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Deadline {

	/**
	 * The budget, as Spring Boot reads durations: {@code 500ms}, {@code 2s}, {@code 1m}.
	 * @return the budget
	 */
	String value();

}
