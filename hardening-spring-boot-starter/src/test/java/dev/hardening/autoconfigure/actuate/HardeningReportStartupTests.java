package dev.hardening.autoconfigure.actuate;

import java.util.List;

import dev.hardening.test.PostgresExtension;
import dev.hardening.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The findings that need a whole application: a packaged configuration file, and a database
 * asked for its connection limit once the application is ready.
 */
@ExtendWith(PostgresExtension.class)
class HardeningReportStartupTests {

	@Test
	void secretsWrittenInAPackagedFileAreFindingsAndPlaceholdersAreNot() {
		try (ConfigurableApplicationContext context = start(
				"spring.config.location=classpath:report/literal-secrets.yml")) {
			List<Finding> secrets = context.getBean(HardeningReport.class)
				.findings()
				.stream()
				.filter((finding) -> finding.id().equals("HR-SECRET-LITERAL"))
				.toList();

			assertThat(secrets).extracting(Finding::found)
				.containsExactlyInAnyOrder(
						"spring.datasource.password is written literally in report/literal-secrets.yml, which is "
								+ "packaged with the application",
						"app.backend-url is written literally in report/literal-secrets.yml, which is packaged with "
								+ "the application",
						"app.cache-url is written literally in report/literal-secrets.yml, which is packaged with "
								+ "the application",
						"app.db-password is written literally in report/literal-secrets.yml, which is packaged with "
								+ "the application",
						"hardening.crypto.keys[0].secret is written literally in report/literal-secrets.yml, which "
								+ "is packaged with the application",
						"hardening.audit.chain-key is written literally in report/literal-secrets.yml, which is "
								+ "packaged with the application");
			assertThat(secrets).allSatisfy((finding) -> assertThat(finding.toString()).doesNotContain("hunter2", "hunter3", "s3cret"));
			assertThat(secrets.get(0).fix()).contains("configtree:");
		}
	}

	@Test
	void anEncryptionPrimaryKeyOlderThanTheMaximumAgeIsAFinding() {
		try (ConfigurableApplicationContext context = start(
				"spring.config.location=classpath:report/literal-secrets.yml")) {
			assertThat(context.getBean(HardeningReport.class).findings())
				.filteredOn((finding) -> finding.id().equals("HR-CRYPTO-KEY-AGE"))
				.singleElement()
				.satisfies((finding) -> assertThat(finding.found()).isEqualTo("hardening.crypto: the primary key 1 "
						+ "was created on 2000-01-01, more than hardening.crypto.max-key-age (365 days) ago"));
		}
		try (ConfigurableApplicationContext context = start(
				"spring.config.location=classpath:report/literal-secrets.yml", "hardening.crypto.max-key-age=36500d")) {
			assertThat(ids(context)).doesNotContain("HR-CRYPTO-KEY-AGE");
		}
	}

	@Test
	void aPoolLargerThanTheDatabaseAcceptsIsAFinding(TestPostgres postgres) {
		try (ConfigurableApplicationContext context = start("spring.datasource.url=" + postgres.jdbcUrl(),
				"hardening.report.expected-instances=100000")) {
			assertThat(ids(context)).contains("HR-DB-POOL-SIZE");
			assertThat(context.getBean(HardeningReport.class).findings())
				.filteredOn((finding) -> finding.id().equals("HR-DB-POOL-SIZE"))
				.singleElement()
				.extracting(Finding::found)
				.asString()
				.contains("maximum-pool-size 10 x 100000 instances");
		}
		try (ConfigurableApplicationContext context = start("spring.datasource.url=" + postgres.jdbcUrl(),
				"hardening.report.expected-instances=2")) {
			assertThat(ids(context)).doesNotContain("HR-DB-POOL-SIZE");
		}
	}

	@Test
	void failOnAppliesToTheDatabaseChecksToo(TestPostgres postgres) {
		SpringApplicationBuilder application = builder("spring.datasource.url=" + postgres.jdbcUrl(),
				"hardening.report.expected-instances=100000", "hardening.report.fail-on=high");

		assertThat(catchThrowable(application::run))
			.hasMessageContaining("HR-DB-POOL-SIZE");
	}

	@Test
	void auditedMethodsWithoutAChainKeyAreAFindingOnceTheApplicationIsReady() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				AuditedService.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.run()) {
			assertThat(context.getBean(HardeningReport.class).findings())
				.filteredOn((finding) -> finding.id().equals("HR-AUDIT-NO-KEY"))
				.singleElement()
				.satisfies((finding) -> assertThat(finding.found()).startsWith("@Audited methods record audit events "
						+ "without a hash chain: hardening.audit.chain-key is not set"));
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				AuditedService.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "hardening.audit.chain-key=0123456789abcdef0123456789abcdef")
			.run()) {
			assertThat(ids(context)).doesNotContain("HR-AUDIT-NO-KEY");
		}
		// an application that audits nothing is not told about a key
		try (ConfigurableApplicationContext context = start()) {
			assertThat(ids(context)).doesNotContain("HR-AUDIT-NO-KEY");
		}
	}

	static class AuditedService {

		@dev.hardening.audit.Audited(action = "project.archive", resource = "project")
		public void archive() {
		}

	}

	private static List<String> ids(ConfigurableApplicationContext context) {
		return context.getBean(HardeningReport.class).findings().stream().map(Finding::id).toList();
	}

	private static ConfigurableApplicationContext start(String... properties) {
		return builder(properties).run();
	}

	private static SpringApplicationBuilder builder(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.properties(properties);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
