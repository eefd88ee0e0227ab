package dev.hardening.autoconfigure.deadline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.hardening.deadline.DeadlineExceededException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The time a request has left travels to the internal hosts configured, and to no other.
 */
class DeadlinePropagationTests {

	private final List<String> received = Collections.synchronizedList(new ArrayList<>());

	private HttpServer server;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DeadlineAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withPropertyValues("hardening.deadline.propagate-to-hosts=127.0.0.1");

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			String value = exchange.getRequestHeaders().getFirst("Request-Timeout");
			this.received.add((value != null) ? value : "");
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void sendsTheTimeLeftToAConfiguredHostOnlyAndNothingWithoutADeadline() {
		this.runner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			int port = this.server.getAddress().getPort();
			try (dev.hardening.deadline.Deadline.Scope scope = dev.hardening.deadline.Deadline
				.bind(dev.hardening.deadline.Deadline.after(Duration.ofSeconds(5)))) {
				client.get().uri("http://127.0.0.1:" + port + "/internal").retrieve().toBodilessEntity();
				client.get().uri("http://localhost:" + port + "/external").retrieve().toBodilessEntity();
			}
			client.get().uri("http://127.0.0.1:" + port + "/no-deadline").retrieve().toBodilessEntity();

			assertThat(this.received).hasSize(3);
			assertThat(Long.parseLong(this.received.get(0))).isBetween(1L, 5_000L);
			assertThat(this.received.subList(1, 3)).containsExactly("", "");
		});
	}

	@Test
	void aCallFromARequestOutOfTimeIsNotMade() {
		this.runner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			try (dev.hardening.deadline.Deadline.Scope scope = dev.hardening.deadline.Deadline
				.bind(dev.hardening.deadline.Deadline.after(Duration.ZERO))) {
				assertThatExceptionOfType(DeadlineExceededException.class).isThrownBy(() -> client.get()
					.uri("http://127.0.0.1:" + this.server.getAddress().getPort() + "/late")
					.retrieve()
					.toBodilessEntity());
			}
			assertThat(this.received).isEmpty();
		});
	}

}
