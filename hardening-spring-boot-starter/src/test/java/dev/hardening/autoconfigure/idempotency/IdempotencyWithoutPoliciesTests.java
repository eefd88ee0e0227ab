package dev.hardening.autoconfigure.idempotency;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.idempotency.OrdersApplication.OrdersController;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that carries an Idempotency-Key but that no policy guards is the application's
 * business: it runs every time, as it would without the starter.
 */
class IdempotencyWithoutPoliciesTests {

	@Test
	void aKeyOnARequestNoPolicyGuardsChangesNothing() {
		try (ConfigurableApplicationContext context = OrdersApplication.startWithoutPolicies()) {
			TestHttp http = new TestHttp(OrdersApplication.port(context));
			OrdersController orders = context.getBean(OrdersController.class);

			HttpResponse<String> first = http.post("/orders/echo", "text/plain", "a", "Idempotency-Key", "\"k\"");
			HttpResponse<String> second = http.post("/orders/echo", "text/plain", "a", "Idempotency-Key", "\"k\"");
			HttpResponse<String> malformed = http.post("/orders/echo", "text/plain", "a", "Idempotency-Key", "not quoted");

			assertThat(first.body()).isEqualTo("echo:a");
			assertThat(second.headers().firstValue("Idempotent-Replayed")).isEmpty();
			assertThat(malformed.statusCode()).isEqualTo(200);
			assertThat(orders.created).hasValue(3);

			// the annotated handler is still guarded
			http.send("PATCH", "/annotated", "{}", "Content-Type", "application/json", "Idempotency-Key", "\"p\"");
			assertThat(http.send("PATCH", "/annotated", "{}", "Content-Type", "application/json", "Idempotency-Key", "\"p\"")
				.headers()
				.firstValue("Idempotent-Replayed")).hasValue("true");
		}
	}

}
