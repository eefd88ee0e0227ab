package dev.hardening.autoconfigure;

/**
 * Spring Data Redis's auto-configurations, on the test classpath for the test of one Redis client
 * per application and turned off in the test {@code application.properties}: a test that sets
 * {@code spring.autoconfigure.exclude} itself lists them too, so that its application has no
 * Redis of Spring's.
 */
public final class DataRedisAutoConfigurations {

	/** Their class names, comma-separated, as {@code spring.autoconfigure.exclude} takes them. */
	public static final String NAMES = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration,"
			+ "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration";

	private DataRedisAutoConfigurations() {
	}

}
