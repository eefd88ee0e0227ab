package dev.hardening.testing;

import dev.hardening.autoconfigure.jdbc.JdbcHardeningAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StatementsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcHardeningAutoConfiguration.class));

	@Test
	void countsTheStatementsOfTheWorkAndFailsPastTheLimit() {
		this.runner.run((context) -> {
			JdbcClient jdbc = JdbcClient.create(context.getBean(javax.sql.DataSource.class));
			jdbc.sql("CREATE TABLE IF NOT EXISTS owners (id int PRIMARY KEY, name varchar(20))").update();

			Statements.Count count = Statements.count(() -> {
				for (int id = 1; id <= 3; id++) {
					jdbc.sql("SELECT name FROM owners WHERE id = " + id).query(String.class).optional();
				}
			});

			assertThat(count.statements()).isEqualTo(3);
			count.assertAtMost(3);
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> count.assertAtMost(2))
				// as operations.md quotes it
				.withMessage("Expected at most 2 statements but 3 ran:\n  3 x SELECT name FROM owners WHERE id = ?");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> count.assertNoShapeRepeatedMoreThan(2))
				.withMessageContaining("3 times");
		});
	}

}
