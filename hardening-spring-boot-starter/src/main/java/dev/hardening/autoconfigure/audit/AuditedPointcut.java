package dev.hardening.autoconfigure.audit;

import java.lang.reflect.Method;

import dev.hardening.audit.Audited;

import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.aop.support.annotation.AnnotationMethodMatcher;

/**
 * The methods annotated {@link Audited}, noting whether any bean has one, so that the hardening
 * report warns about a missing chain key only to applications that audit.
 */
public final class AuditedPointcut extends StaticMethodMatcherPointcut {

	private final AnnotationMethodMatcher annotated = new AnnotationMethodMatcher(Audited.class, true);

	private volatile boolean used;

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		boolean matches = this.annotated.matches(method, targetClass);
		if (matches) {
			this.used = true;
		}
		return matches;
	}

	/**
	 * Tells whether a bean of the application has an {@link Audited} method.
	 * @return {@code true} once a proxy was made for one
	 */
	public boolean isUsed() {
		return this.used;
	}

}
