package dev.hardening.autoconfigure.resilience;

import java.net.ConnectException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hardening.autoconfigure.resilience.ResilienceProperties.Database;
import dev.hardening.test.FaultProxy;
import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup against a real PostgreSQL, reached through a proxy that refuses connections until the
 * test lets them through.
 */
@ExtendWith(PostgresExtension.class)
class DatabaseStartupWaitTests {

	private final List<Duration> waits = new ArrayList<>();

	/** Time as the wait sees it: it moves only when the wait sleeps. */
	private long nanos;

	private void sleep(Duration duration) {
		this.waits.add(duration);
		this.nanos += duration.toNanos();
	}

	@Test
	void waitsWithBackoffForADatabaseThatComesUpLate(TestPostgres postgres) throws Exception {
		try (FaultProxy proxy = proxyTo(postgres)) {
			DataSource dataSource = through(postgres, proxy, "postgres");
			proxy.refuse();
			DatabaseStartupWait wait = new DatabaseStartupWait(new Database(), (duration) -> {
				sleep(duration);
				if (this.waits.size() == 3) {
					proxy.heal();
				}
			}, () -> this.nanos);

			wait.postProcessAfterInitialization(dataSource, "dataSource");

			assertThat(this.waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.isValid(5)).isTrue();
			}
		}
	}

	@Test
	void givesUpAfterMaxWaitAndLetsStartupFailAsItWould(TestPostgres postgres) throws Exception {
		try (FaultProxy proxy = proxyTo(postgres)) {
			DataSource dataSource = through(postgres, proxy, "postgres");
			proxy.refuse();
			Database settings = new Database();
			settings.setMaxWait(Duration.ofSeconds(10));

			new DatabaseStartupWait(settings, this::sleep, () -> this.nanos).postProcessAfterInitialization(dataSource,
					"dataSource");

			// 0.5 + 1 + 2 + 4 = 7.5 s; one more wait of 5 s would pass 10 s
			assertThat(this.waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
					Duration.ofSeconds(4));
		}
	}

	@Test
	void doesNotWaitOnAnErrorThatWaitingCannotFix(TestPostgres postgres) throws Exception {
		try (FaultProxy proxy = proxyTo(postgres)) {
			DataSource dataSource = through(postgres, proxy, "no_such_database");
			new DatabaseStartupWait(new Database(), this::sleep, () -> this.nanos)
				.postProcessAfterInitialization(dataSource, "dataSource");

			assertThat(this.waits).isEmpty();
		}
	}

	@Test
	void eachAttemptIsBoundedByTheTimeLeftSoTheWaitEndsWithinMaxWait(TestPostgres postgres) throws Exception {
		try (FaultProxy proxy = proxyTo(postgres)) {
			PGSimpleDataSource real = (PGSimpleDataSource) through(postgres, proxy, "postgres");
			proxy.refuse();
			List<Integer> loginTimeouts = new ArrayList<>();
			// each attempt takes what a black-holed network takes: its login timeout, 10 s when it has none
			DataSource slow = new DelegatingDataSource(real) {

				@Override
				public Connection getConnection() throws SQLException {
					int loginTimeout = real.getLoginTimeout();
					loginTimeouts.add(loginTimeout);
					DatabaseStartupWaitTests.this.nanos += Duration
						.ofSeconds((loginTimeout > 0) ? Math.min(10, loginTimeout) : 10)
						.toNanos();
					return super.getConnection();
				}

			};
			Database settings = new Database();
			settings.setMaxWait(Duration.ofSeconds(12));

			new DatabaseStartupWait(settings, this::sleep, () -> this.nanos).postProcessAfterInitialization(slow,
					"dataSource");

			// 10 s, a wait of 0.5 s, then an attempt bounded to the 1.5 s left, in whole seconds
			assertThat(Duration.ofNanos(this.nanos)).isLessThanOrEqualTo(Duration.ofSeconds(12));
			assertThat(loginTimeouts).containsExactly(12, 1);
			assertThat(real.getLoginTimeout()).as("the data source's own setting is back").isZero();
		}
	}

	@Test
	void anUnknownUserFailsAtOnceAlsoWhenAPoolReportsItAsATimeout(TestPostgres postgres) throws Exception {
		try (FaultProxy proxy = proxyTo(postgres)) {
			String url = ((PGSimpleDataSource) through(postgres, proxy, "postgres")).getURL();
			HikariDataSource pool = new HikariDataSource(hikari(url.replaceAll("user=[^&]*", "user=no_such_user")
					+ (url.contains("user=") ? "" : ((url.contains("?") ? "&" : "?") + "user=no_such_user"))));
			try {
				new DatabaseStartupWait(new Database(), this::sleep, () -> this.nanos).postProcessAfterInitialization(pool,
						"dataSource");

				assertThat(this.waits).isEmpty();
			}
			finally {
				pool.close();
			}
			assertThat(DatabaseStartupWait.unreachable(new SQLTransientConnectionException("timed out", "28P01",
					new SQLException("password authentication failed", "28P01"))))
				.isFalse();
			assertThat(DatabaseStartupWait.unreachable(new SQLTransientConnectionException("timed out", "08001",
					new SQLException("refused", "08001", new ConnectException()))))
				.isTrue();
		}
	}

	/** A pool that starts without a connection, so a failed login reaches us as its timeout. */
	private static HikariConfig hikari(String url) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setInitializationFailTimeout(-1);
		config.setConnectionTimeout(250);
		config.setMinimumIdle(0);
		return config;
	}

	@Test
	void isRegisteredUnlessTurnedOff(TestPostgres postgres) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class))
			.withBean(HikariDataSource.class, () -> {
				HikariDataSource dataSource = new HikariDataSource();
				dataSource.setJdbcUrl(postgres.jdbcUrl());
				return dataSource;
			});

		runner.run((context) -> {
			assertThat(context).hasSingleBean(DatabaseStartupWait.class);
			// the wait opened the pool while the context started
			assertThat(context.getBean(HikariDataSource.class).isRunning()).isTrue();
		});
		runner.withPropertyValues("hardening.resilience.startup.database.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseStartupWait.class));
	}

	@Test
	void aDurationThatIsNotPositiveFailsStartupNamingIt() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilienceAutoConfiguration.class))
			.withPropertyValues("hardening.resilience.startup.database.initial-backoff=0ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.resilience.startup.database.initial-backoff")
				.hasMessageContaining("positive duration"));
	}

	private static FaultProxy proxyTo(TestPostgres postgres) {
		URI uri = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
		return FaultProxy.start(uri.getHost(), uri.getPort());
	}

	/** An unpooled data source: each attempt is one connection attempt, as in a pool's first. */
	private static DataSource through(TestPostgres postgres, FaultProxy proxy, String database) {
		URI uri = URI.create(postgres.jdbcUrl().substring("jdbc:".length()));
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : ""));
		return dataSource;
	}

}
