package dev.hardening.samples.quotes;

import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Serves quotes from the upstream price feed. There is no retry, timeout or breaker here: the
 * starter applies the {@code quotes} policy of application.yml to every call to the upstream's
 * host, and answers a failure nobody handles with a problem ({@code 502}, {@code 503}
 * {@code CIRCUIT_OPEN}, {@code 504}).
 */
@RestController
class QuoteController {

	private static final ParameterizedTypeReference<Map<String, Object>> QUOTE = new ParameterizedTypeReference<>() {
	};

	private final RestClient upstream;

	private final Environment environment;

	QuoteController(RestClient.Builder builder, Environment environment) {
		this.upstream = builder.build();
		this.environment = environment;
	}

	@GetMapping("/quotes/{symbol}")
	Map<String, Object> quote(@PathVariable String symbol) {
		return this.upstream.get()
			.uri(upstreamUrl() + "/upstream/quotes/{symbol}", symbol)
			.retrieve()
			.body(QUOTE);
	}

	/**
	 * Places an order with the upstream. A POST is not retried on its own; the quotes policy's
	 * retry-with-idempotency-key gives it one key, sent on every attempt, so the upstream runs it
	 * once however many attempts it takes.
	 */
	@PostMapping("/quotes/{symbol}/orders")
	ResponseEntity<Map<String, Object>> order(@PathVariable String symbol) {
		Map<String, Object> placed = this.upstream.post()
			.uri(upstreamUrl() + "/upstream/orders")
			.body(new OrderItem(symbol, 1))
			.retrieve()
			.body(QUOTE);
		return ResponseEntity.status(HttpStatus.CREATED).body(placed);
	}

	/** Read per call: the upstream is this very service, whose port is known only once it listens. */
	private String upstreamUrl() {
		return this.environment.getRequiredProperty("sample.upstream.url");
	}

	/** What is ordered from the upstream, its members in this order in JSON. */
	record OrderItem(String symbol, int quantity) {
	}

}
