package dev.hardening.autoconfigure.requestid;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which hosts outbound calls carry the request ID to, against a real server reached under two
 * host names.
 */
class RequestIdPropagationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(RequestIdAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
					RestClientAutoConfiguration.class));

	/** The request ID each path was called with, or "none". */
	private final Map<String, String> seen = new ConcurrentHashMap<>();

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			String id = exchange.getRequestHeaders().getFirst("X-Request-ID");
			this.seen.put(exchange.getRequestURI().getPath(), (id != null) ? id : "none");
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
		MDC.put(RequestIdFilter.MDC_KEY, "abc");
	}

	@AfterEach
	void stopServer() {
		MDC.remove(RequestIdFilter.MDC_KEY);
		this.server.stop(0);
	}

	@Test
	void sendsTheIdToEveryHostByDefault() {
		this.runner.run((context) -> {
			call(context.getBean(RestClient.Builder.class).build(), "127.0.0.1", "/a");
			call(context.getBean(RestClient.Builder.class).build(), "localhost", "/b");

			assertThat(this.seen).containsEntry("/a", "abc").containsEntry("/b", "abc");
		});
	}

	@Test
	void sendsTheIdOnlyToTheListedHosts() {
		this.runner.withPropertyValues("hardening.request-id.propagate-to-hosts=LocalHost,*.internal.example.com")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.Builder.class).build();
				call(client, "localhost", "/listed");
				call(client, "127.0.0.1", "/third-party");

				assertThat(this.seen).containsEntry("/listed", "abc").containsEntry("/third-party", "none");
			});
	}

	@Test
	void aDomainEntryMatchesSubdomainsOnly() {
		RequestIdClientInterceptor interceptor = new RequestIdClientInterceptor("X-Request-ID",
				List.of("*.internal.example.com"));
		Map<String, Boolean> sent = new LinkedHashMap<>();
		sent.put("http://api.internal.example.com/", true);
		sent.put("http://API.Internal.Example.COM./", true);
		sent.put("http://evilinternal.example.com/", false);
		sent.put("http://internal.example.com.evil.org/", false);
		sent.put("http://api.internal.example.com@evil.org/", false);
		sent.put("http://evil.org/?api.internal.example.com", false);
		sent.forEach((url, expected) -> {
			MockClientHttpRequest request = new MockClientHttpRequest(HttpMethod.GET, URI.create(url));
			try {
				interceptor.intercept(request, new byte[0], (req, body) -> null);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			assertThat(request.getHeaders().getFirst("X-Request-ID")).as(url).isEqualTo(expected ? "abc" : null);
		});
	}

	@Test
	void aHostThatIsNoHostNameFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("hardening.request-id.propagate-to-hosts=https://api.example.com/")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("hardening.request-id.propagate-to-hosts"));
	}

	private void call(RestClient client, String host, String path) {
		client.get()
			.uri("http://" + host + ":" + this.server.getAddress().getPort() + path)
			.retrieve()
			.toBodilessEntity();
	}

}
