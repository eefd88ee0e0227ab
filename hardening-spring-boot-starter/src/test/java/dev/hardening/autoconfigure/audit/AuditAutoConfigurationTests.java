package dev.hardening.autoconfigure.audit;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hardening.audit.AuditLog;
import dev.hardening.audit.Audited;
import dev.hardening.error.ConflictException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import org.springframework.aop.Advisor;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AuditAutoConfigurationTests {

	private static final String KEY = "hardening.audit.chain-key=a test chain key that is 32 bytes+";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, AuditAutoConfiguration.class))
		.withBean(Projects.class);

	@Test
	void byDefaultEventsGoToTheLogAndAuditedMethodsAreAdvised() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Advisor.class);
			assertThat(context.getBean(AuditLog.class)).isInstanceOf(LoggingAuditLog.class);
		});
	}

	@Test
	void turnedOffNothingIsRegistered() {
		this.runner.withPropertyValues("hardening.audit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AuditLog.class).doesNotHaveBean(Advisor.class));
	}

	@Test
	void theLogSinkWritesOneLinePerCallWithItsFieldsAndLinksWithAKey() {
		ListAppender<ILoggingEvent> lines = listen();
		try {
			this.runner.withPropertyValues(KEY).run((context) -> {
				Projects projects = context.getBean(Projects.class);
				projects.archive(3);
				assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> projects.archive(-1));
			});
		}
		finally {
			((Logger) LoggerFactory.getLogger(LoggingAuditLog.LOGGER)).detachAppender(lines);
		}
		assertThat(lines.list).hasSize(2);
		assertThat(fields(lines.list.get(0))).containsEntry("audit.action", "project.archive")
			.containsEntry("audit.resource.id", "3")
			.containsEntry("audit.outcome", "success")
			.containsEntry("audit.seq", 1L)
			.containsKey("audit.link");
		assertThat(fields(lines.list.get(1))).containsEntry("audit.outcome", "failure")
			.containsEntry("audit.failure.code", "CONFLICT")
			.containsEntry("audit.seq", 2L);
		assertThat(lines.list.get(0).getFormattedMessage()).isEqualTo("audit project.archive project success");
	}

	@Test
	void namedArgumentsAreDetailsAndSecretsAmongThemAreRedacted() {
		ListAppender<ILoggingEvent> lines = listen();
		try {
			this.runner.run((context) -> context.getBean(Projects.class).rotate(4, "ops\r\nforged", "sk_live_42"));
		}
		finally {
			((Logger) LoggerFactory.getLogger(LoggingAuditLog.LOGGER)).detachAppender(lines);
		}
		assertThat(fields(lines.list.get(0))).containsEntry("audit.details.reason", "ops\\r\\nforged")
			.containsEntry("audit.details.apiKey", "[redacted]")
			.doesNotContainKey("audit.details.id");
		assertThat(lines.list.get(0).toString()).doesNotContain("sk_live_42");
	}

	@Test
	void theJdbcSinkWithoutAChainKeyStopsTheStart() {
		this.runner.withPropertyValues("hardening.audit.sink=jdbc")
			.withBean(javax.sql.DataSource.class, () -> new org.springframework.jdbc.datasource.SimpleDriverDataSource())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("hardening.audit.chain-key"));
	}

	@Test
	void aShortChainKeyStopsTheStartWithoutBeingQuoted() {
		this.runner.withPropertyValues("hardening.audit.chain-key=short-secret-value")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("at least 32 bytes")
				.hasMessageNotContaining("short-secret-value"));
	}

	@Test
	void theRepositorySinkAddsBootsAuditEvents() {
		this.runner.withPropertyValues("hardening.audit.sink=repository")
			.withBean(AuditEventRepository.class, InMemoryAuditEventRepository::new)
			.run((context) -> {
				context.getBean(Projects.class).archive(5);
				assertThat(context.getBean(AuditEventRepository.class).find(null, null, null)).singleElement()
					.satisfies((event) -> {
						assertThat(event.getType()).isEqualTo("project.archive");
						assertThat(event.getPrincipal()).isEqualTo("anonymous");
						assertThat(event.getData()).containsEntry("resourceId", "5").containsEntry("outcome", "success");
					});
			});
	}

	@Test
	void worksWithoutSpringJdbcOrMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.jdbc", "org.springframework.transaction",
				"org.springframework.boot.sql", "org.springframework.boot.jdbc",
				"io.micrometer"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(Projects.class).archive(9);
			});
	}

	private static ListAppender<ILoggingEvent> listen() {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		((Logger) LoggerFactory.getLogger(LoggingAuditLog.LOGGER)).addAppender(appender);
		return appender;
	}

	private static java.util.Map<String, Object> fields(ILoggingEvent event) {
		java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		for (KeyValuePair pair : pairs) {
			fields.put(pair.key, pair.value);
		}
		return fields;
	}

	public static class Projects {

		@Audited(action = "project.key.rotate", resource = "project", id = "#id", details = { "reason", "apiKey" })
		public void rotate(long id, String reason, String apiKey) {
		}

		@Audited(action = "project.archive", resource = "project", id = "#id")
		public void archive(long id) {
			if (id < 0) {
				throw new ConflictException("Project " + id + " is locked.");
			}
		}

	}

}
