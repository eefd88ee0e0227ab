package dev.hardening.autoconfigure.resilience;

import java.net.URI;
import java.time.Duration;

import dev.hardening.deadline.Deadline;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests get their deadline's time left as their read timeout.
 */
class DeadlineReadTimeoutsTests {

	private static final URI UPSTREAM = URI.create("http://127.0.0.1:9/quote");

	private final DeadlineReadTimeouts jdk = DeadlineReadTimeouts.of(new JdkClientHttpRequestFactory(),
			Duration.ofSeconds(10));

	@Test
	void onlyTheJdkClientsFactoryCanBeShortened() {
		assertThat(this.jdk).isNotNull();
		assertThat(DeadlineReadTimeouts.of(new SimpleClientHttpRequestFactory(), Duration.ofSeconds(10))).isNull();
	}

	@Test
	void aRequestWithoutADeadlineOrWithMoreTimeLeftThanTheReadTimeoutIsLeftToThePolicy() throws Exception {
		assertThat(this.jdk.createRequest(UPSTREAM, HttpMethod.GET)).isNull();
		try (Deadline.Scope scope = Deadline.bind(Deadline.after(Duration.ofMinutes(1)))) {
			assertThat(this.jdk.createRequest(UPSTREAM, HttpMethod.GET)).isNull();
		}
	}

	@Test
	void aRequestWithLessTimeLeftThanTheReadTimeoutGetsItsOwn() throws Exception {
		try (Deadline.Scope scope = Deadline.bind(Deadline.after(Duration.ofSeconds(2)))) {
			assertThat(this.jdk.createRequest(UPSTREAM, HttpMethod.GET)).isNotNull();
		}
		try (Deadline.Scope scope = Deadline.bind(Deadline.after(Duration.ZERO))) {
			assertThat(this.jdk.createRequest(UPSTREAM, HttpMethod.GET)).isNotNull();
		}
	}

}
