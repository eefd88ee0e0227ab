package dev.hardening.autoconfigure.audit;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * An interceptor made on its first call: an advisor bean is created before the application's
 * beans, and must not make the beans its interceptor needs as early as that.
 */
final class LazyInterceptor implements MethodInterceptor {

	private final SingletonSupplier<MethodInterceptor> interceptor;

	LazyInterceptor(Supplier<MethodInterceptor> interceptor) {
		this.interceptor = SingletonSupplier.of(interceptor);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		return this.interceptor.obtain().invoke(invocation);
	}

}
