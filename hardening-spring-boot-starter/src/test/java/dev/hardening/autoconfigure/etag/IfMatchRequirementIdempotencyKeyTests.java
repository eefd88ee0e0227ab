package dev.hardening.autoconfigure.etag;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write refused with {@code 428} for its missing {@code If-Match} takes no idempotency key: the
 * requirement is asked before the key is (the If-Match interceptor runs before the idempotency
 * one, as the ETag filter did before the key was read), so the client's retry with
 * {@code If-Match} and the same key runs, rather than being answered the stored {@code 428}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = IfMatchRequirementIdempotencyKeyTests.App.class,
		properties = { "hardening.etag.require-if-match=/items/**", "hardening.idempotency.policies[0].name=items",
				"hardening.idempotency.policies[0].paths=/items/**", "hardening.idempotency.policies[0].methods=PUT" })
class IfMatchRequirementIdempotencyKeyTests {

	@LocalServerPort
	private int port;

	@Test
	void aRetryWithIfMatchAfterThe428Runs() {
		EtagWire wire = new EtagWire(this.port);
		int before = Items.WRITES.get();

		EtagWire.Response refused = wire.send("PUT", "/items/1", "{\"name\":\"x\"}", "Content-Type",
				"application/json", "Idempotency-Key", "\"k-428\"");
		EtagWire.Response retry = wire.send("PUT", "/items/1", "{\"name\":\"x\"}", "Content-Type", "application/json",
				"Idempotency-Key", "\"k-428\"", "If-Match", "\"1\"");

		assertThat(refused.status()).as(refused.toString()).isEqualTo(428);
		assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
		assertThat(retry.header("Idempotent-Replayed")).isNull();
		assertThat(Items.WRITES.get() - before).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Items.class)
	static class App {

	}

	@RestController
	static class Items {

		static final AtomicInteger WRITES = new AtomicInteger();

		@PutMapping("/items/{id}")
		String write(@PathVariable int id, @RequestBody String body) {
			WRITES.incrementAndGet();
			return "written " + id;
		}

	}

}
