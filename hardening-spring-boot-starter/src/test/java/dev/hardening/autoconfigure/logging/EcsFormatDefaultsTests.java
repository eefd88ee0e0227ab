package dev.hardening.autoconfigure.logging;

import java.util.List;
import java.util.Map;

import dev.hardening.autoconfigure.ChangedDefaults;
import dev.hardening.autoconfigure.StarterDefaults;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ecs} as Boot's structured format means the starter's formatter, and nothing else does.
 */
class EcsFormatDefaultsTests {

	private static final String OURS = EcsStructuredLogFormatter.class.getName();

	@Test
	void ecsOnTheConsoleIsWrittenByTheStartersFormatterAndTheChangeIsListed() {
		MockEnvironment environment = environment().withProperty("logging.structured.format.console", "ecs");

		postProcess(environment);

		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo(OURS);
		assertThat(environment.getProperty("logging.structured.format.file")).isNull();
		List<ChangedDefaults.Change> changes = ((StarterDefaults) environment.getPropertySources()
			.get(EcsFormatDefaults.SOURCE)).inEffect(environment);
		assertThat(changes).singleElement().satisfies((change) -> {
			assertThat(change.setting()).isEqualTo("logging.structured.format.console");
			assertThat(change.before()).isEqualTo("ecs");
			assertThat(change.after()).isEqualTo(OURS);
			assertThat(change.restore()).isEqualTo("hardening.logging.ecs-formatter=false");
		});
	}

	@Test
	void ecsInTheFileInAnyCaseAndInAnEnvironmentVariablesFormIsReplacedToo() {
		MockEnvironment environment = environment();
		environment.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource("systemEnvironment",
					Map.of("LOGGING_STRUCTURED_FORMAT_FILE", " ECS ")));

		postProcess(environment);

		assertThat(environment.getProperty("logging.structured.format.file")).isEqualTo(OURS);
	}

	@Test
	void otherFormatsAndNoFormatAreLeftAlone() {
		MockEnvironment logstash = environment().withProperty("logging.structured.format.console", "logstash")
			.withProperty("logging.structured.format.file", "com.example.Mine");
		MockEnvironment none = environment();

		postProcess(logstash);
		postProcess(none);

		assertThat(logstash.getProperty("logging.structured.format.console")).isEqualTo("logstash");
		assertThat(logstash.getProperty("logging.structured.format.file")).isEqualTo("com.example.Mine");
		assertThat(logstash.getPropertySources().contains(EcsFormatDefaults.SOURCE)).isFalse();
		assertThat(none.getPropertySources().contains(EcsFormatDefaults.SOURCE)).isFalse();
	}

	@Test
	void switchedOffEcsStaysBoots() {
		MockEnvironment environment = environment().withProperty("logging.structured.format.console", "ecs")
			.withProperty("hardening.logging.ecs-formatter", "false");

		postProcess(environment);

		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
	}

	private static MockEnvironment environment() {
		MockEnvironment environment = new MockEnvironment();
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	private static void postProcess(MockEnvironment environment) {
		new EcsFormatDefaults().postProcessEnvironment(environment, new SpringApplication());
	}

}
