package dev.hardening.autoconfigure.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class HealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceHealthContributorAutoConfiguration.class, HealthAutoConfiguration.class))
		// the first check also starts the pool
		.withPropertyValues("hardening.health.timeout=30s");

	@Test
	void replacesBootsDatabaseIndicatorUnderTheSameName() {
		this.runner.run((context) -> {
			HealthIndicator db = context.getBean("dbHealthIndicator", HealthIndicator.class);
			assertThat(db).isNotInstanceOf(DataSourceHealthIndicator.class);
			assertThat(context).doesNotHaveBean("dbHealthContributor");
			Health health = db.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("database", "H2").containsKey("pool");
		});
	}

	@Test
	void leavesBootsIndicatorWhenDisabled() {
		this.runner.withPropertyValues("hardening.health.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HealthChecks.class)
				.hasSingleBean(DataSourceHealthIndicator.class));
	}

	@Test
	void keepsTheApplicationsOwnDatabaseIndicator() {
		HealthIndicator own = () -> Health.up().build();
		this.runner.withBean("dbHealthIndicator", HealthIndicator.class, () -> own)
			.run((context) -> assertThat(context.getBean("dbHealthIndicator")).isSameAs(own));
	}

	@Test
	void addsNoRedisCheckWithoutRedis() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("redisHealthIndicator"));
	}

}
