package dev.hardening.autoconfigure.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statement-counting filter works on every request, so it is registered only where there are
 * statements to count: an application with a {@link DataSource} bean, declared before or after the
 * auto-configuration, not one that merely has the JDBC classes.
 */
class QueryCountingFilterRegistrationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JdbcHardeningAutoConfiguration.class));

	@Test
	void isRegisteredWhenTheApplicationHasADataSource() {
		this.runner.withBean("dataSource", DataSource.class, SimpleDriverDataSource::new)
			.run((context) -> assertThat(enabled(context.getBean("hardeningQueryCountingFilter"))).isTrue());
	}

	@Test
	void isNotRegisteredWithoutADataSource() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("hardeningQueryCountingFilter");
			assertThat(enabled(context.getBean("hardeningQueryCountingFilter"))).isFalse();
		});
	}

	@Test
	void staysOffWhenSwitchedOffWithADataSource() {
		this.runner.withBean("dataSource", DataSource.class, SimpleDriverDataSource::new)
			.withPropertyValues("hardening.jdbc.query-counting=false")
			.run((context) -> assertThat(context).doesNotHaveBean("hardeningQueryCountingFilter"));
	}

	private static boolean enabled(Object registration) {
		return ((FilterRegistrationBean<?>) registration).isEnabled();
	}

}
