package dev.hardening.autoconfigure.resilience;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import dev.hardening.autoconfigure.resilience.ResilienceProperties.Database;
import dev.hardening.resilience.ResiliencePolicy.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.ClassUtils;

/**
 * Holds startup until each {@link DataSource} gives a connection, when the first attempts fail
 * because the database cannot be reached yet (SQL state class 08, a refused connection) or is
 * starting up: with backoff, for at most {@code max-wait}, connection attempts included, each
 * attempt bounded by the time left (the login timeout, or a Hikari pool's connection timeout,
 * whole seconds). Then startup goes on either way, and if the database is still away it fails as
 * it would have, with the real error. Any other error (a wrong password, SQL state class 28, also
 * inside a pool's timeout) is left to fail at once.
 */
final class DatabaseStartupWait implements BeanPostProcessor {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseStartupWait.class);

	/** The login timeout has whole seconds: an attempt needs one at least to be bounded at all. */
	private static final Duration SHORTEST_ATTEMPT = Duration.ofSeconds(1);

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			DatabaseStartupWait.class.getClassLoader());

	private final Database settings;

	private final Sleeper sleeper;

	private final LongSupplier nanoTime;

	/**
	 * Creates the wait.
	 * @param settings the settings, checked here
	 * @param sleeper how to wait between attempts
	 * @param nanoTime the time source that bounds the whole wait, attempts included
	 * @throws InvalidConfigurationPropertyValueException if a duration is not positive
	 */
	DatabaseStartupWait(Database settings, Sleeper sleeper, LongSupplier nanoTime) {
		positive("max-wait", settings.getMaxWait());
		positive("initial-backoff", settings.getInitialBackoff());
		positive("max-backoff", settings.getMaxBackoff());
		this.settings = settings;
		this.sleeper = sleeper;
		this.nanoTime = nanoTime;
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidConfigurationPropertyValueException("hardening.resilience.startup.database." + name, value,
					"It must be a positive duration, such as 500ms.");
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource) {
			waitFor(dataSource, beanName);
		}
		return bean;
	}

	private void waitFor(DataSource dataSource, String beanName) {
		long start = this.nanoTime.getAsLong();
		Duration backoff = this.settings.getInitialBackoff();
		AttemptBound bound = AttemptBound.of(dataSource);
		try {
			for (int attempt = 1;; attempt++) {
				Exception failure;
				try {
					bound.limitTo(this.settings.getMaxWait().minus(Duration.ofNanos(this.nanoTime.getAsLong() - start)));
				}
				catch (SQLException | RuntimeException ex) {
					logger.debug("Could not bound the connection attempts of '{}'", beanName, ex);
				}
				try (Connection connection = dataSource.getConnection()) {
					if (attempt > 1) {
						logger.info("Database of '{}' reachable after {} attempts ({} ms)", beanName, attempt,
								Duration.ofNanos(this.nanoTime.getAsLong() - start).toMillis());
					}
					return;
				}
				catch (SQLException | RuntimeException ex) {
					failure = ex;
				}
				if (!unreachable(failure)) {
					return;
				}
				Duration waited = Duration.ofNanos(this.nanoTime.getAsLong() - start);
				// the next attempt must fit too: the wait, then an attempt of one second at least
				if (waited.plus(backoff).plus(SHORTEST_ATTEMPT).compareTo(this.settings.getMaxWait()) > 0) {
					logger.warn("Database of '{}' still unreachable after {} ms; starting anyway", beanName,
							waited.toMillis());
					return;
				}
				logger.warn("Database of '{}' unreachable ({}); attempt {} again in {} ms", beanName, reason(failure),
						attempt + 1, backoff.toMillis());
				try {
					this.sleeper.sleep(backoff);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = min(backoff.multipliedBy(2), this.settings.getMaxBackoff());
			}
		}
		finally {
			bound.restore();
		}
	}

	/**
	 * Tells a database that is not there yet (or starting) from one that refuses us. The innermost
	 * SQL state decides: a pool's timeout (Hikari's SQLTransientConnectionException) carries the
	 * failure of its last connection attempt, which may be a wrong password (28P01).
	 */
	static boolean unreachable(Throwable failure) {
		String state = null;
		boolean connection = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException) {
				connection = true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				state = sql.getSQLState();
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		if (state != null) {
			// 08: connection exception; 57P03: PostgreSQL is starting up; anything else waiting cannot fix
			return state.startsWith("08") || state.equals("57P03");
		}
		return connection;
	}

	private static String reason(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName();
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/**
	 * Bounds each connection attempt by the time left: the data source's login timeout, or the
	 * connection timeout of a Hikari pool that has not started (Hikari passes that on to the driver
	 * as its login timeout, and ignores a login timeout set before it starts). Puts a setting back
	 * afterwards only if it is still ours: a pool that started meanwhile set its own.
	 */
	private static class AttemptBound {

		private final DataSource dataSource;

		private int loginTimeout = -1;

		private int set = -1;

		AttemptBound(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		static AttemptBound of(DataSource dataSource) {
			if (HIKARI_PRESENT) {
				try {
					// also behind a wrapper (query counting, a proxy)
					if (dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
						return new HikariAttemptBound(dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class));
					}
				}
				catch (SQLException | RuntimeException ex) {
					// not unwrappable: bound it through its login timeout
				}
			}
			return new AttemptBound(dataSource);
		}

		void limitTo(Duration left) throws SQLException {
			if (this.loginTimeout < 0) {
				this.loginTimeout = this.dataSource.getLoginTimeout();
			}
			int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, left.toSeconds()));
			if (this.loginTimeout == 0 || seconds < this.loginTimeout) {
				this.dataSource.setLoginTimeout(seconds);
				this.set = seconds;
			}
		}

		void restore() {
			if (this.set >= 0) {
				try {
					if (this.dataSource.getLoginTimeout() == this.set) {
						this.dataSource.setLoginTimeout(this.loginTimeout);
					}
				}
				catch (SQLException ex) {
					// best effort: the application's own setting, if any, was already read
				}
			}
		}

	}

	private static final class HikariAttemptBound extends AttemptBound {

		private final com.zaxxer.hikari.HikariDataSource hikari;

		private long connectionTimeout = -1;

		private long set = -1;

		HikariAttemptBound(com.zaxxer.hikari.HikariDataSource hikari) {
			super(hikari);
			this.hikari = hikari;
		}

		@Override
		void limitTo(Duration left) {
			if (this.connectionTimeout < 0) {
				this.connectionTimeout = this.hikari.getConnectionTimeout();
			}
			long millis = Math.max(SHORTEST_ATTEMPT.toMillis(), left.toSeconds() * 1000);
			if (millis < this.connectionTimeout) {
				this.hikari.setConnectionTimeout(millis);
				this.set = millis;
			}
		}

		@Override
		void restore() {
			if (this.set >= 0 && this.hikari.getConnectionTimeout() == this.set) {
				this.hikari.setConnectionTimeout(this.connectionTimeout);
			}
		}

	}

}
