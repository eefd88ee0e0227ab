package dev.hardening.samples.quotes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Plays a price feed another team runs, failing a set share of its requests with {@code 503}.
 * The failures are spread evenly (with 0.3, three of every ten), so a demo behaves the same every
 * time. {@code PUT /upstream/failure-rate} takes it down ({@code 1.0}) or brings it back.
 */
@RestController
@RequestMapping("/upstream")
class FlakyUpstreamController {

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong orders = new AtomicLong();

	private volatile double failureRate;

	FlakyUpstreamController(@Value("${sample.upstream.failure-rate:0.3}") double failureRate) {
		this.failureRate = failureRate;
	}

	@GetMapping("/quotes/{symbol}")
	ResponseEntity<Quote> quote(@PathVariable String symbol) {
		long n = this.requests.incrementAndGet();
		if (Math.floor(n * this.failureRate) != Math.floor((n - 1) * this.failureRate)) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
		}
		BigDecimal price = BigDecimal.valueOf(100 + (n % 50)).add(BigDecimal.valueOf(n % 100, 2));
		return ResponseEntity.ok(new Quote(symbol, price.setScale(2, RoundingMode.UNNECESSARY)));
	}

	/**
	 * Places an order, failing as the quotes do. An order must carry an Idempotency-Key (the
	 * upstream-orders policy of application.yml): a 503 releases the key, so the caller's retry with
	 * the same key runs, and a retry of an order that went through is answered with it again.
	 */
	@PostMapping("/orders")
	ResponseEntity<PlacedOrder> order(@RequestHeader("Idempotency-Key") String key,
			@RequestBody Map<String, Object> order) {
		long n = this.requests.incrementAndGet();
		if (Math.floor(n * this.failureRate) != Math.floor((n - 1) * this.failureRate)) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
		}
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new PlacedOrder(this.orders.incrementAndGet(), order, key));
	}

	/** A quote, its members in this order in JSON. */
	record Quote(String symbol, BigDecimal price) {
	}

	/** An order placed: its number, the item as the caller sent it, and the key it came with. */
	record PlacedOrder(long order, Map<String, Object> item, String idempotencyKey) {
	}

	@PutMapping("/failure-rate")
	FailureRate setFailureRate(@Valid @RequestBody FailureRate rate) {
		this.failureRate = rate.failureRate();
		return rate;
	}

	/**
	 * The share of requests to fail.
	 *
	 * @param failureRate 0 (never) to 1 (always)
	 */
	record FailureRate(@NotNull @DecimalMin("0") @DecimalMax("1") Double failureRate) {
	}

}
