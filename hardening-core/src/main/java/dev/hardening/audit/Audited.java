package dev.hardening.audit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records an {@link AuditEvent} each time the annotated method ends: a success when it returns, a
 * failure with its problem code when it throws (the exception still propagates). The starter
 * applies it to Spring beans; the request's client, request ID and trace ID are taken from the
 * request the call runs in, the principal from Spring Security or the servlet request.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Audited {

	/**
	 * What is done, such as {@code project.update}.
	 * @return the action
	 */
	String action();

	/**
	 * The kind of resource, such as {@code project}.
	 * @return the resource type
	 */
	String resource();

	/**
	 * A SpEL expression for the resource's id over the method's arguments (by name, {@code #id},
	 * or position, {@code #p0}) and, once it returned, its result ({@code #result.id}); empty for
	 * none.
	 * @return the expression
	 */
	String id() default "";

	/**
	 * Arguments, by parameter name, whose values go into the event's details, each as its
	 * {@code String.valueOf}, at most 256 characters with control characters escaped. A name the
	 * access log redacts ({@code hardening.web.access-log.redacted-parameters}: password, token,
	 * apiKey, ...) gets {@code [redacted]}: secrets are never stored.
	 * @return the parameter names
	 */
	String[] details() default {};

}
