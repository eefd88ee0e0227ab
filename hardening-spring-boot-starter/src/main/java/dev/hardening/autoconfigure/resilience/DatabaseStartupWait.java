package dev.hardening.autoconfigure.resilience;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import javax.sql.DataSource;

import dev.hardening.autoconfigure.resilience.ResilienceProperties.Database;
import dev.hardening.resilience.ResiliencePolicy.Sleeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Holds startup until each {@link DataSource} gives a connection, when the first attempts fail
 * because the database cannot be reached yet (SQL state class 08, a refused connection): with
 * backoff, for at most {@code max-wait}. Then startup goes on either way, and if the database is
 * still away it fails as it would have, with the real error. Any other error (a wrong password)
 * is left to fail at once.
 */
final class DatabaseStartupWait implements BeanPostProcessor {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseStartupWait.class);

	private final Database settings;

	private final Sleeper sleeper;

	DatabaseStartupWait(Database settings, Sleeper sleeper) {
		this.settings = settings;
		this.sleeper = sleeper;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource) {
			waitFor(dataSource, beanName);
		}
		return bean;
	}

	private void waitFor(DataSource dataSource, String beanName) {
		Duration waited = Duration.ZERO;
		Duration backoff = this.settings.getInitialBackoff();
		for (int attempt = 1;; attempt++) {
			Exception failure;
			try (Connection connection = dataSource.getConnection()) {
				if (attempt > 1) {
					logger.info("Database of '{}' reachable after {} attempts ({} ms of waiting)", beanName, attempt,
							waited.toMillis());
				}
				return;
			}
			catch (SQLException | RuntimeException ex) {
				failure = ex;
			}
			if (!unreachable(failure)) {
				return;
			}
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
			waited = waited.plus(backoff);
			backoff = min(backoff.multipliedBy(2), this.settings.getMaxBackoff());
		}
	}

	/** Tells a database that is not there yet from one that refuses us. */
	private static boolean unreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
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
