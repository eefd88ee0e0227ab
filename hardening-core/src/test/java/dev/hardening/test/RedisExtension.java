package dev.hardening.test;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class the {@linkplain TestRedis#shared() shared} Redis server, emptied before the
 * class runs, as a {@link TestRedis} parameter of its constructor, lifecycle or test methods.
 *
 * <pre>{@code
 * @ExtendWith(RedisExtension.class)
 * class LimiterTests {
 *     LimiterTests(TestRedis redis) { ... }
 * }
 * }</pre>
 */
public final class RedisExtension implements BeforeAllCallback, ParameterResolver {

	@Override
	public void beforeAll(ExtensionContext context) {
		TestRedis.shared().flush();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == TestRedis.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return TestRedis.shared();
	}

}
