package dev.hardening.autoconfigure.idempotency;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of {@code hardening.idempotency.replay-headers} a replay carries: each name once, in any
 * letter case, and never one a retry gets of its own.
 */
class IdempotencyReplayHeaderNamesTests {

	@Test
	void aNameListedTwiceInAnyLetterCaseIsReplayedOnceInItsFirstSpelling() {
		assertThat(IdempotencyGuard.replayedHeaders(List.of("Location", "vary", "Vary", "ETag", "LOCATION"), null))
			.containsExactly("Location", "vary", "ETag");
	}

	@Test
	void theRetrysOwnHeadersAreNeverReplayed() {
		assertThat(IdempotencyGuard.replayedHeaders(List.of("Content-Type", "X-Correlation-ID", "ratelimit",
				"RateLimit-Policy", "X-RateLimit-Remaining", "Traceresponse", "idempotent-replayed", "Link"),
				"X-Correlation-Id"))
			.containsExactly("Content-Type", "Link");
	}

	@Test
	void theDefaultRequestIdHeaderIsReplayedWhenTheRequestIdUsesAnother() {
		assertThat(IdempotencyGuard.replayedHeaders(List.of("X-Request-ID", "Location"), "X-Correlation-Id"))
			.containsExactly("X-Request-ID", "Location");
		assertThat(IdempotencyGuard.replayedHeaders(List.of("X-Request-ID", "Location"), null))
			.containsExactly("X-Request-ID", "Location");
	}

}
