package dev.hardening.autoconfigure.deadline;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;

import dev.hardening.deadline.DeadlineExceededException;
import dev.hardening.deadline.RequestTimeout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the starter sends to the next service: the time left, to the configured hosts only, in a
 * value the next service's own parser reads, and no call at all once the time is spent. A clock
 * the test moves stands for the monotonic clock.
 */
class DeadlinePropagationAttackTests {

	private final DeadlineClientInterceptor interceptor = new DeadlineClientInterceptor("Request-Timeout",
			List.of("*.internal", " Billing.Example.COM "));

	private final AtomicLong now = new AtomicLong(123_456_789L);

	/** Sends a request to a URL under a deadline, and returns the headers the next hop got, or null if none was sent. */
	private HttpHeaders send(String url, dev.hardening.deadline.Deadline deadline, String... preset) throws Exception {
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create(url));
		for (int i = 0; i < preset.length; i += 2) {
			request.getHeaders().add(preset[i], preset[i + 1]);
		}
		AtomicReference<HttpHeaders> sent = new AtomicReference<>();
		ClientHttpRequestExecution execution = (outgoing, body) -> {
			sent.set(HttpHeaders.copyOf(outgoing.getHeaders()));
			return new MockClientHttpResponse(new byte[0], HttpStatus.OK);
		};
		try (dev.hardening.deadline.Deadline.Scope scope = dev.hardening.deadline.Deadline.bind(deadline)) {
			this.interceptor.intercept(request, new byte[0], execution).close();
		}
		return sent.get();
	}

	private dev.hardening.deadline.Deadline deadline(Duration budget) {
		return dev.hardening.deadline.Deadline.after(budget, this.now.get(), this.now::get);
	}

	@Test
	void sendsTheTimeLeftToConfiguredHostsInAnyLetterCaseAndNothingElsewhere() throws Exception {
		dev.hardening.deadline.Deadline deadline = deadline(Duration.ofSeconds(5));
		this.now.addAndGet(Duration.ofMillis(1_250).toNanos());

		assertThat(send("http://orders.internal/x", deadline).get("Request-Timeout")).containsExactly("3750");
		assertThat(send("http://ORDERS.Internal:8080/x", deadline).get("Request-Timeout")).containsExactly("3750");
		assertThat(send("https://billing.example.com/x", deadline).get("Request-Timeout")).containsExactly("3750");
		for (String elsewhere : new String[] { "http://internal/x", "http://evilinternal/x",
				"http://orders.internal.evil.example/x", "http://sub.billing.example.com/x", "http://127.0.0.1/x",
				"http://[::1]/x" }) {
			assertThat(send(elsewhere, deadline).containsHeader("Request-Timeout")).as(elsewhere).isFalse();
		}
	}

	@Test
	void replacesAValueTheApplicationSetItselfRatherThanSendingTwo() throws Exception {
		HttpHeaders sent = send("http://orders.internal/x", deadline(Duration.ofSeconds(2)), "Request-Timeout",
				"600000");

		assertThat(sent.get("Request-Timeout")).containsExactly("2000");
	}

	@Test
	void aCallFromARequestOutOfTimeIsNotMadeAndWithoutADeadlineNothingIsAdded() throws Exception {
		dev.hardening.deadline.Deadline deadline = deadline(Duration.ofMillis(10));
		this.now.addAndGet(Duration.ofMillis(10).toNanos());

		assertThatExceptionOfType(DeadlineExceededException.class)
			.isThrownBy(() -> send("http://orders.internal/x", deadline));
		assertThat(send("http://orders.internal/x", null).containsHeader("Request-Timeout")).isFalse();
	}

	@Property(tries = 500)
	void whatIsSentIsNeverMoreThanTheTimeLeftAndAlwaysAtLeastOne(
			@ForAll @LongRange(min = 1, max = 999_999_999_999L) long budgetMillis,
			@ForAll @LongRange(min = 0, max = 999_999_999_999L) long spentMillis) throws Exception {
		dev.hardening.deadline.Deadline deadline = deadline(Duration.ofMillis(budgetMillis));
		this.now.addAndGet(Duration.ofMillis(Math.min(spentMillis, budgetMillis - 1)).toNanos());

		String sent = send("http://a.internal/", deadline).getFirst("Request-Timeout");

		Duration parsed = RequestTimeout.parse(sent);
		assertThat(parsed.toMillis()).isBetween(1L, budgetMillis - Math.min(spentMillis, budgetMillis - 1));
	}

}
