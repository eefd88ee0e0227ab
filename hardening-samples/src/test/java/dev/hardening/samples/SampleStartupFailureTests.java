package dev.hardening.samples;

import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The startup failures the docs quote, as Spring Boot prints them for the sample started with a
 * bad value on its command line: caching.md, resilience.md, pagination.md and
 * conditional-requests.md quote these lines word for word.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleStartupFailureTests {

	static Stream<Arguments> badValues() {
		return Stream.of(
				Arguments.of(new String[] { "--hardening.cache.caches.projects.ttl=1m",
						"--hardening.cache.caches.projects.l1-ttl=5m" },
						"Invalid value '5m' for configuration property 'hardening.cache.caches.projects.l1-ttl'",
						"l1Ttl PT5M must not be longer than ttl PT1M"),
				Arguments.of(new String[] { "--hardening.resilience.policies.payments.max-attempts=0" },
						"Invalid value '0' for configuration property 'hardening.resilience.policies.payments.max-attempts'",
						"maxAttempts must be between 1 and 10, but was 0"),
				Arguments.of(new String[] { "--hardening.pagination.default-size=200", "--hardening.pagination.max-size=100" },
						"Invalid value '200' for configuration property 'hardening.pagination.default-size'",
						"defaultSize 200 must not exceed maxSize 100"),
				Arguments.of(new String[] { "--hardening.etag.cache-control[0].value=" },
						"Invalid value '' for configuration property 'hardening.etag.cache-control[0].value'",
						"It must be a Cache-Control value such as \"private, max-age=300\", in printable ASCII."));
	}

	@ParameterizedTest
	@MethodSource("badValues")
	void aBadValueFailsStartupWithBootsDescriptionOfIt(String[] arguments, String description, String reason,
			CapturedOutput output) {
		String[] args = Stream.concat(Stream.of("--server.port=0", "--spring.main.banner-mode=off"), Stream.of(arguments))
			.toArray(String[]::new);

		assertThatException().isThrownBy(() -> SpringApplication.run(SampleApplication.class, args));

		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains(description + " (originating from '\"" + description.substring(description.indexOf("'h") + 1,
					description.length() - 1) + "\" from property source \"commandLineArgs\"'). Validation failed "
					+ "for the following reason:")
			.contains("\n" + reason + "\n")
			.contains("Review the value of the property with the provided reason.");
	}

}
