package dev.hardening.autoconfigure.actuate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.hardening.test.TestPostgres;
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
import static org.awaitility.Awaitility.await;

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
	void anExhaustedPoolIsReportedWithoutQueueingAndWithThePressureStatus() {
		this.runner
			.withPropertyValues("spring.datasource.hikari.maximum-pool-size=1",
					"spring.datasource.hikari.connection-timeout=30000",
					"hardening.health.db.pressure-status=OUT_OF_SERVICE")
			.run((context) -> {
				HikariDataSource pool = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
				CompletableFuture<Void> waiting;
				try (Connection held = pool.getConnection()) {
					waiting = CompletableFuture.runAsync(() -> {
						try (Connection next = pool.getConnection()) {
							// waits until the held connection is back
						}
						catch (SQLException ex) {
							throw new IllegalStateException(ex);
						}
					});
					await().atMost(Duration.ofSeconds(30))
						.until(() -> pool.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);

					Health health = context.getBean("dbHealthIndicator", HealthIndicator.class).health();

					assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
					assertThat(health.getDetails()).containsEntry("validation", "skipped: every connection is in use");
					assertThat(health.getDetails().get("pool")).asString()
						.contains("active=1", "idle=0", "pending=1", "max=1", "pressure=true");
				}
				waiting.get(30, TimeUnit.SECONDS);
			});
	}

	@Test
	void aPoolWithEveryConnectionBusyAndNoOneWaitingIsNotDown() {
		this.runner
			.withPropertyValues("spring.datasource.url=" + TestPostgres.shared().jdbcUrl(),
					"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.minimum-idle=2",
					"spring.datasource.hikari.connection-timeout=1000")
			.run((context) -> {
				HikariDataSource pool = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
				try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
					assertThat(pool.getHikariPoolMXBean().getThreadsAwaitingConnection()).isZero();

					// busy is not broken: the check must not wait for a connection and time out
					Health health = context.getBean("dbHealthIndicator", HealthIndicator.class).health();

					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("validation", "skipped: every connection is in use");
					assertThat(health.getDetails().get("pool")).asString()
						.contains("active=2", "idle=0", "pending=0", "max=2", "pressure=false");
				}
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
