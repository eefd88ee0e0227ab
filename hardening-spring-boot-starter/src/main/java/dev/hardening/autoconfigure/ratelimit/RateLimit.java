package dev.hardening.autoconfigure.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Applies rate-limit policies to a handler method, or to every handler method of a controller,
 * on top of the policies that apply by path. The policies are defined under
 * {@code hardening.rate-limit.policies}; a name that matches none fails the application at
 * startup.
 *
 * <pre>{@code
 * @PostMapping("/accounts")
 * @RateLimit("registration")
 * Account register(@Valid @RequestBody NewAccount account) { ... }
 * }</pre>
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimit {

	/**
	 * Names of the policies that apply.
	 * @return policy names
	 */
	String[] value();

}
