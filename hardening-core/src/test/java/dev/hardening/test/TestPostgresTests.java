package dev.hardening.test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(PostgresExtension.class)
class TestPostgresTests {

	@Test
	void makesAJdbcRoundTripAgainstARealPostgres(TestPostgres postgres) throws SQLException {
		try (Connection connection = postgres.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE smoke (id int PRIMARY KEY, name text NOT NULL)");
			statement.execute("INSERT INTO smoke VALUES (1, 'ok')");
			try (ResultSet rows = statement.executeQuery("SELECT name, version() FROM smoke WHERE id = 1")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("ok");
				assertThat(rows.getString(2)).startsWith("PostgreSQL");
			}
		}
	}

}
