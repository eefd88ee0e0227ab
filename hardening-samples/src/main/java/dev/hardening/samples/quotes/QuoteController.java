package dev.hardening.samples.quotes;

import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
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

	/** Read per call: the upstream is this very service, whose port is known only once it listens. */
	private String upstreamUrl() {
		return this.environment.getRequiredProperty("sample.upstream.url");
	}

}
