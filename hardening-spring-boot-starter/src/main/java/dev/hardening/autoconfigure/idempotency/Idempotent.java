package dev.hardening.autoconfigure.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a handler method, or every handler method of a controller, with idempotency keys, on top
 * of the policies that apply by path. Without a name, a request is guarded when it sends a key,
 * which is scoped to the client's address; naming a policy of {@code hardening.idempotency.policies}
 * applies that policy's {@code required} and {@code key} (its paths and methods are for path
 * matching only). A name that matches no policy fails the application at startup.
 *
 * <pre>{@code
 * @PostMapping("/payments")
 * @Idempotent("payments")
 * Payment pay(@Valid @RequestBody PaymentRequest request) { ... }
 * }</pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Idempotent {

	/**
	 * Name of the policy whose settings apply; empty for the defaults (key optional, scoped by
	 * {@code ip}).
	 * @return the policy name
	 */
	String value() default "";

}
