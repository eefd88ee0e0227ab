package dev.hardening.autoconfigure.requestid;

import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Sends the current request's ID on a {@code WebClient}'s exchanges, to the same hosts as
 * {@link RequestIdClientInterceptor} does for {@code RestClient} and {@code RestTemplate}. The ID
 * is read from the logging MDC when the exchange is subscribed to: on the calling thread for a
 * client used from a servlet request and waited for there, which is how an MVC application uses
 * it.
 */
final class RequestIdExchangeFilter implements ExchangeFilterFunction {

	private final RequestIdClientInterceptor hosts;

	RequestIdExchangeFilter(RequestIdClientInterceptor hosts) {
		this.hosts = hosts;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String id = MDC.get(RequestIdFilter.MDC_KEY);
		String header = this.hosts.header();
		if (id != null && !request.headers().containsHeader(header) && this.hosts.allowed(request.url().getHost())) {
			return next.exchange(ClientRequest.from(request).header(header, id).build());
		}
		return next.exchange(request);
	}

}
