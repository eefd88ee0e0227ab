package dev.hardening.autoconfigure.deadline;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.hardening.deadline.RequestTimeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The value sent to the next service must be one the next service's parser accepts (at most 12
 * digits, {@link RequestTimeout}): a budget of more than 999 999 999 999 ms (about 31.7 years,
 * such as a route given {@code timeout: 36500d} to mean "practically none", or the saturated
 * value of a larger one) is sent as 13 digits, and every hardening service that reads the
 * header answers each such call {@code 400} {@code INVALID_REQUEST_TIMEOUT}.
 */
class PropagatedRequestTimeoutRangeTests {

	@ParameterizedTest
	@ValueSource(longs = { 36_500L, 365_000L, Long.MAX_VALUE / 86_400L })
	void aVeryLongBudgetIsSentAsAValueTheNextServiceAccepts(long days) throws Exception {
		DeadlineClientInterceptor interceptor = new DeadlineClientInterceptor("Request-Timeout", List.of("*.internal"));
		MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create("http://orders.internal/"));
		AtomicReference<String> sent = new AtomicReference<>();
		dev.hardening.deadline.Deadline deadline = dev.hardening.deadline.Deadline.after(Duration.ofDays(days));

		try (dev.hardening.deadline.Deadline.Scope scope = dev.hardening.deadline.Deadline.bind(deadline)) {
			interceptor.intercept(request, new byte[0], (outgoing, body) -> {
				sent.set(outgoing.getHeaders().getFirst("Request-Timeout"));
				return new MockClientHttpResponse(new byte[0], HttpStatus.OK);
			}).close();
		}

		assertThat(sent.get()).isNotNull();
		assertThatCode(() -> RequestTimeout.parse(sent.get())).as("the next service parsing %s", sent.get())
			.doesNotThrowAnyException();
	}

}
