package dev.hardening.autoconfigure.idempotency;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * An application with handlers that count how often they really run, so that a test can tell a
 * replay from a second execution.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OrdersApplication.OrdersController.class)
class OrdersApplication {

	static ConfigurableApplicationContext start(String... properties) {
		String[] all = new String[properties.length + 5];
		all[0] = "server.port=0";
		all[1] = "spring.main.banner-mode=off";
		all[2] = "hardening.idempotency.policies[0].name=orders";
		all[3] = "hardening.idempotency.policies[0].paths=/orders/**";
		all[4] = "hardening.idempotency.policies[0].required=true";
		System.arraycopy(properties, 0, all, 5, properties.length);
		return new SpringApplicationBuilder(OrdersApplication.class).properties(all).run();
	}

	/** Starts the application with no idempotency policy: only its annotated handler is guarded. */
	static ConfigurableApplicationContext startWithoutPolicies() {
		return new SpringApplicationBuilder(OrdersApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.run();
	}

	static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@RestController
	static class OrdersController {

		final AtomicInteger created = new AtomicInteger();

		final AtomicInteger optional = new AtomicInteger();

		final AtomicInteger flaky = new AtomicInteger();

		final AtomicInteger annotated = new AtomicInteger();

		volatile CountDownLatch entered = new CountDownLatch(0);

		volatile CountDownLatch release = new CountDownLatch(0);

		@PostMapping("/orders")
		ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> order) throws InterruptedException {
			this.entered.countDown();
			this.release.await(1, TimeUnit.MINUTES);
			int id = this.created.incrementAndGet();
			return ResponseEntity.created(URI.create("/orders/" + id)).eTag("\"v" + id + "\"")
				.header("X-Not-Replayed", "n" + id)
				.body(Map.of("id", id, "order", order));
		}

		@PostMapping("/orders/echo")
		String echo(@RequestBody String body) {
			this.created.incrementAndGet();
			return "echo:" + body;
		}

		@PostMapping("/orders/form")
		String form(@RequestParam("item") String item) {
			this.created.incrementAndGet();
			return "form:" + item;
		}

		@PostMapping("/orders/upload")
		String upload(@RequestPart("file") MultipartFile file) throws IOException {
			this.created.incrementAndGet();
			return "upload:" + file.getOriginalFilename() + ":" + new String(file.getBytes());
		}

		@PostMapping("/orders/written")
		void written(HttpServletResponse response) throws IOException {
			int id = this.created.incrementAndGet();
			response.setStatus(201);
			response.setContentType("text/plain;charset=UTF-8");
			PrintWriter writer = response.getWriter();
			writer.print("caf\u00e9 \ud83d\ude00 #");
			writer.print(id);
		}

		@PostMapping("/orders/large")
		String large() {
			this.created.incrementAndGet();
			return "x".repeat(4096);
		}

		@PostMapping("/orders/flaky")
		ResponseEntity<String> flaky() {
			int attempt = this.flaky.incrementAndGet();
			return (attempt == 1) ? ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("down")
					: ResponseEntity.status(HttpStatus.CREATED).body("created on attempt " + attempt);
		}

		@PostMapping("/orders/throws")
		String throwsOnce() {
			if (this.flaky.incrementAndGet() == 1) {
				throw new ResponseStatusException(HttpStatus.CONFLICT, "not yet");
			}
			return "done";
		}

		@PostMapping("/optional")
		String optional() {
			return "run " + this.optional.incrementAndGet();
		}

		@PatchMapping("/annotated")
		@Idempotent
		String annotated() {
			return "run " + this.annotated.incrementAndGet();
		}

		@GetMapping("/orders/list")
		String list() {
			return "list " + this.created.get();
		}

	}

}
