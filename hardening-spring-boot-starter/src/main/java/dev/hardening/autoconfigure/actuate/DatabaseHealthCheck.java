package dev.hardening.autoconfigure.actuate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.util.ClassUtils;

/**
 * Checks the database: a pooled connection validated with {@link Connection#isValid(int)} and
 * timed, plus the state of the HikariCP pool (active, idle, pending threads, maximum, and, with
 * Micrometer, timeouts and the longest recent acquire). When every connection is in use, with
 * threads waiting or not, the check does not queue for a connection behind the requests: it
 * reports the pool as it is, {@code UP} unless it is under pressure.
 *
 * <p>Blocking; {@link HealthChecks} gives it its timeout.
 */
final class DatabaseHealthCheck implements HealthIndicator {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			DatabaseHealthCheck.class.getClassLoader());

	private final DataSource dataSource;

	private final int validationTimeoutSeconds;

	private final HealthProperties.Database thresholds;

	private final PoolMeters meters;

	DatabaseHealthCheck(DataSource dataSource, Duration timeout, HealthProperties.Database thresholds,
			PoolMeters meters) {
		this.dataSource = dataSource;
		this.validationTimeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
		this.thresholds = thresholds;
		this.meters = meters;
	}

	@Override
	public Health health() {
		Health.Builder builder = new Health.Builder();
		Pool pool = pool();
		boolean up = true;
		if (pool != null && pool.exhausted()) {
			builder.withDetail("validation", "skipped: every connection is in use");
		}
		else {
			up = validate(builder);
			// a lazily started pool exists only now
			pool = pool();
		}
		if (!up) {
			builder.down();
		}
		else if (pool != null && pool.underPressure()) {
			builder.status(this.thresholds.getPressureStatus());
		}
		else {
			builder.up();
		}
		if (pool != null) {
			builder.withDetail("pool", pool.details());
		}
		return builder.build();
	}

	private boolean validate(Health.Builder builder) {
		long start = System.nanoTime();
		try (Connection connection = this.dataSource.getConnection()) {
			builder.withDetail("database", connection.getMetaData().getDatabaseProductName());
			boolean valid = connection.isValid(this.validationTimeoutSeconds);
			builder.withDetail("validationMillis", millis(System.nanoTime() - start));
			if (!valid) {
				builder.withDetail("error", "the connection did not validate");
			}
			return valid;
		}
		catch (SQLException ex) {
			builder.withDetail("error", ex.getClass().getName())
				.withDetail("sqlState", String.valueOf(ex.getSQLState()));
			return false;
		}
	}

	private @Nullable Pool pool() {
		if (!HIKARI_PRESENT) {
			return null;
		}
		HikariDataSource hikari = DataSourceUnwrapper.unwrap(this.dataSource, HikariConfigMXBean.class,
				HikariDataSource.class);
		if (hikari == null || hikari.getHikariPoolMXBean() == null) {
			return null;
		}
		HikariPoolMXBean state = hikari.getHikariPoolMXBean();
		Pool pool = new Pool(hikari.getPoolName(), state.getActiveConnections(), state.getIdleConnections(),
				state.getThreadsAwaitingConnection(), state.getTotalConnections(), hikari.getMaximumPoolSize());
		pool.timeouts = this.meters.timeouts(pool.name);
		pool.acquireMaxNanos = this.meters.acquireMaxNanos(pool.name);
		pool.pressure = pool.pending > this.thresholds.getMaxPendingThreads()
				|| pool.acquireMaxNanos > this.thresholds.getMaxAcquireTime().toNanos();
		return pool;
	}

	/**
	 * What the pool's meters say; HikariCP's MXBean counts neither timeouts nor waits.
	 */
	interface PoolMeters {

		PoolMeters NONE = new PoolMeters() {
		};

		/**
		 * Returns how many times a connection was not obtained in time.
		 * @param pool the pool's name
		 * @return the count, or {@code -1} if unknown
		 */
		default long timeouts(String pool) {
			return -1;
		}

		/**
		 * Returns the longest recent wait for a connection.
		 * @param pool the pool's name
		 * @return nanoseconds, or {@code -1} if unknown
		 */
		default long acquireMaxNanos(String pool) {
			return -1;
		}

	}

	private static double millis(long nanos) {
		return Math.round(nanos / 100_000.0) / 10.0;
	}

	private static final class Pool {

		private final String name;

		private final int active;

		private final int idle;

		private final int pending;

		private final int total;

		private final int max;

		private long timeouts = -1;

		private long acquireMaxNanos = -1;

		private boolean pressure;

		Pool(String name, int active, int idle, int pending, int total, int max) {
			this.name = name;
			this.active = active;
			this.idle = idle;
			this.pending = pending;
			this.total = total;
			this.max = max;
		}

		/**
		 * Every connection is in use, whether or not a thread waits yet: asking for one now
		 * would wait for the connection timeout and report a busy pool as a broken database.
		 */
		boolean exhausted() {
			return this.idle == 0 && this.total >= this.max;
		}

		boolean underPressure() {
			return this.pressure;
		}

		Map<String, Object> details() {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("name", this.name);
			details.put("active", this.active);
			details.put("idle", this.idle);
			details.put("pending", this.pending);
			details.put("total", this.total);
			details.put("max", this.max);
			if (this.timeouts >= 0) {
				details.put("timeouts", this.timeouts);
			}
			if (this.acquireMaxNanos >= 0) {
				details.put("acquireMaxMillis", millis(this.acquireMaxNanos));
			}
			details.put("pressure", this.pressure);
			return details;
		}

	}

}
