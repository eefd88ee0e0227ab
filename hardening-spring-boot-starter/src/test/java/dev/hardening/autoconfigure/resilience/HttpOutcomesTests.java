package dev.hardening.autoconfigure.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.hardening.resilience.Outcome;
import dev.hardening.resilience.ResilienceConfig;
import org.junit.jupiter.api.Test;

import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HttpOutcomesTests {

	private final java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

	private final HttpOutcomes repeatable = new HttpOutcomes(ResilienceConfig.ofDefaults(), true, this.clock);

	private final HttpOutcomes once = new HttpOutcomes(ResilienceConfig.ofDefaults(), false, this.clock);

	@Test
	void retriesTheRetryStatusesWithTheirRetryAfter() {
		MockClientHttpResponse unavailable = new MockClientHttpResponse(new byte[0], 503);
		unavailable.getHeaders().set("Retry-After", "Mon, 23 Nov 2026 12:00:03 GMT");

		assertThat(this.repeatable.ofResult(unavailable)).isEqualTo(Outcome.retryableAfter(Duration.ofSeconds(3)));
		assertThat(this.repeatable.ofResult(new MockClientHttpResponse(new byte[0], 500))).isEqualTo(Outcome.FAILURE);
		assertThat(this.repeatable.ofResult(new MockClientHttpResponse(new byte[0], 404))).isEqualTo(Outcome.SUCCESS);
		assertThat(this.once.ofResult(new MockClientHttpResponse(new byte[0], 503))).isEqualTo(Outcome.FAILURE);
	}

	@Test
	void retriesARequestThatCannotBeRepeatedOnlyWhenItNeverLeft() {
		assertThat(this.once.ofFailure(new ConnectException("refused"))).isEqualTo(Outcome.RETRYABLE);
		assertThat(this.once.ofFailure(new IOException("wrapped", new ConnectException("refused"))))
			.isEqualTo(Outcome.RETRYABLE);
		assertThat(this.once.ofFailure(new SocketTimeoutException("read timed out"))).isEqualTo(Outcome.FAILURE);
		assertThat(this.once.ofFailure(new SocketTimeoutException("Read timed out"))).isEqualTo(Outcome.FAILURE);
		// HttpURLConnection's connect timeout: no connection, so nothing reached the server
		assertThat(this.once.ofFailure(new IOException("I/O error", new SocketTimeoutException("Connect timed out"))))
			.isEqualTo(Outcome.RETRYABLE);
		assertThat(this.once.ofFailure(new HttpConnectTimeoutException("HTTP connect timed out")))
			.isEqualTo(Outcome.RETRYABLE);
		assertThat(this.repeatable.ofFailure(new SocketTimeoutException("read timed out"))).isEqualTo(Outcome.RETRYABLE);
		assertThat(this.repeatable.ofFailure(new IllegalStateException("bug"))).isEqualTo(Outcome.FAILURE);
	}

	@Test
	void closesTheResponsesItDiscards() {
		boolean[] closed = { false };
		MockClientHttpResponse response = new MockClientHttpResponse(new byte[0], 503) {

			@Override
			public void close() {
				closed[0] = true;
				super.close();
			}

		};

		this.repeatable.discard(response);

		assertThat(closed[0]).isTrue();
	}

}
