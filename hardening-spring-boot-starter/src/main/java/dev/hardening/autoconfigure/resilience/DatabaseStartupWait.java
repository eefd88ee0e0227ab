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

/**
 * Holds startup until each {@link DataSource} gives a connection, when the first attempts fail
 * because the database cannot be reached yet (SQL state class 08, a refused connection) or is
 * starting up: with backoff, for at most {@code max-wait}, connection attempts included. Then startup goes on either way, and if the database is
 * still away it fails as it would have, with the real error. Any other error (a wrong password)
 * is left to fail at once.
 */
final class DatabaseStartupWait implements BeanPostProcessor {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseStartupWait.class);

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
		for (int attempt = 1;; attempt++) {
			Exception failure;
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
			if (waited.plus(backoff).compareTo(this.settings.getMaxWait()) > 0) {
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

	/** Tells a database that is not there yet (or starting) from one that refuses us. */
	private static boolean unreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException) {
				return true;
			}
			// 08: connection exception; 57P03: PostgreSQL is starting up
			if (cause instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P03"))) {
				return true;
			}
		}
		return false;
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

}
