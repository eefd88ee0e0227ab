package dev.hardening.autoconfigure.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.hardening.deadline.Deadline;
import dev.hardening.requestid.RequestIdGenerator;
import dev.hardening.resilience.AttemptTimeoutException;
import dev.hardening.resilience.Outcome;
import dev.hardening.resilience.OutcomeClassifier;
import dev.hardening.resilience.ResiliencePolicy;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Runs each exchange of a {@code WebClient} under the policy of its target host, as
 * {@link ResilienceClientInterceptor} does for {@code RestClient} and {@code RestTemplate}, with
 * the same policy objects, retry rules, idempotency key, outcomes and metrics. The policy is
 * blocking: the exchange runs on a bounded-elastic thread, each attempt waited for there, and its
 * backoff slept there, so the calling thread (a servlet request's, which blocks on the result in an
 * MVC application) is not held by it any longer than by the call itself. The caller's deadline is
 * taken along. The last response is returned as it came, so the client's own status handling
 * still applies.
 */
final class ResilienceExchangeFilter implements ExchangeFilterFunction {

	private final ResiliencePolicies policies;

	private final Clock clock;

	private final Function<String, Duration> attemptTimeout;

	private final Predicate<String> addsIdempotencyKey;

	private final RequestIdGenerator keys = RequestIdGenerator.uuidV7();

	ResilienceExchangeFilter(ResiliencePolicies policies, Clock clock, Function<String, Duration> attemptTimeout,
			Predicate<String> addsIdempotencyKey) {
		this.policies = policies;
		this.clock = clock;
		this.attemptTimeout = attemptTimeout;
		this.addsIdempotencyKey = addsIdempotencyKey;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		ResiliencePolicy policy = this.policies.forHost(request.url().getHost());
		ClientRequest sent = request;
		if (ResilienceClientInterceptor.KEYED.contains(request.method())
				&& !request.headers().containsHeader(ResilienceClientInterceptor.IDEMPOTENCY_KEY)
				&& this.addsIdempotencyKey.test(policy.name())) {
			sent = ClientRequest.from(request)
				.header(ResilienceClientInterceptor.IDEMPOTENCY_KEY, '"' + this.keys.generate() + '"')
				.build();
		}
		ClientRequest attempt = sent;
		Outcomes outcomes = new Outcomes(new HttpOutcomes(policy.config(),
				ResilienceClientInterceptor.repeatable(attempt.method(), attempt.headers()), this.clock));
		Duration timeout = this.attemptTimeout.apply(policy.name());
		// taken on the calling thread, where a WebClient used from a request is subscribed
		Callable<ClientResponse> call = Deadline.wrap(
				() -> policy.call(() -> exchange(next, attempt, policy.name(), timeout), outcomes, timeout));
		return Mono.fromCallable(call)
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext((response) -> {
				int status = response.statusCode().value();
				if (status >= 500 || status == 429) {
					ResilienceClientInterceptor.logFailure(attempt.method(), attempt.url(), policy, Integer.toString(status));
				}
			})
			.doOnError((ex) -> ResilienceClientInterceptor.logFailure(attempt.method(), attempt.url(), policy,
					cause(ex).getClass().getSimpleName()));
	}

	/**
	 * One attempt, waited for at most the policy's attempt timeout or the time left to the
	 * request's deadline, whichever is shorter: the connector's own timeouts are the application's,
	 * not the policy's. The wait ends when the status and headers have arrived; the body is read by
	 * the caller.
	 */
	private static ClientResponse exchange(ExchangeFunction next, ClientRequest request, String policy,
			Duration timeout) throws Exception {
		Deadline deadline = Deadline.current();
		Duration wait = (deadline != null && deadline.remaining().compareTo(timeout) < 0) ? deadline.remaining()
				: timeout;
		try {
			ClientResponse response = next.exchange(request)
				.timeout(wait, Mono.error(() -> new AttemptTimeoutException(policy, wait)))
				.block();
			if (response == null) {
				throw new IllegalStateException("The exchange completed without a response");
			}
			return response;
		}
		catch (RuntimeException ex) {
			// block() wraps checked exceptions; the policy classifies what the connector threw
			Throwable cause = cause(ex);
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
	}

	/** What the connector threw, out of Reactor's and WebClient's wrappers. */
	private static Throwable cause(Throwable failure) {
		Throwable unwrapped = Exceptions.unwrap(failure);
		if (unwrapped instanceof WebClientRequestException request && request.getCause() != null) {
			return request.getCause();
		}
		return unwrapped;
	}

	/** {@link HttpOutcomes} for a {@code WebClient}'s responses. */
	private record Outcomes(HttpOutcomes http) implements OutcomeClassifier<ClientResponse> {

		@Override
		public Outcome ofResult(ClientResponse response) {
			return this.http.ofStatus(response.statusCode().value(), response.headers().asHttpHeaders());
		}

		@Override
		public Outcome ofFailure(Throwable failure) {
			return this.http.ofFailure(failure);
		}

		@Override
		public void discard(ClientResponse response) {
			response.releaseBody().block();
		}

	}

}
