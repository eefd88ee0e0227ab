package dev.hardening.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients trying to choose their own address, scheme or host through a trusted proxy, over real
 * HTTP. The test's own connection plays the proxy (127.0.0.1 is trusted), so every header below
 * is what a proxy would have passed on: the client's own values on the left, the proxy's on the
 * right. Two services: one behind an {@code X-Forwarded-For} proxy (the default), one behind an
 * RFC 7239 {@code Forwarded} proxy that also writes {@code host=}.
 */
class ForwardedHeaderAttackTests {

	private static ConfigurableApplicationContext xForwardedFor;

	private static ConfigurableApplicationContext forwarded;

	@BeforeAll
	static void startBoth() {
		xForwardedFor = service();
		forwarded = service("hardening.web.forwarded-header=forwarded", "hardening.web.forwarded-host=true");
	}

	@AfterAll
	static void stopBoth() {
		xForwardedFor.close();
		forwarded.close();
	}

	// --- behind an X-Forwarded-For proxy (the default)

	@Test
	void aClientSentForwardedHeaderDoesNotPickTheAddress() {
		assertThat(whoami(xForwardedFor, "X-Forwarded-For: 198.51.100.7", "Forwarded: for=6.6.6.6").path("address")
			.asString()).isEqualTo("198.51.100.7");
		assertThat(whoami(xForwardedFor, "Forwarded: for=6.6.6.6").path("address").asString()).isEqualTo("127.0.0.1");
		assertThat(whoami(xForwardedFor, "forwarded: FOR=\"[2001:db8::6]\"", "x-forwarded-for: 198.51.100.7")
			.path("address")
			.asString()).isEqualTo("198.51.100.7");
	}

	@ParameterizedTest
	@ValueSource(strings = { "unknown", "_hidden", "garbage!", "", " ", "198.51.100%2e6", "010.1.2.3", "6.6.6.6.6",
			"fe80::1%eth0", "[2001:db8::6", "\"6.6.6.6\"", "6.6.6.6:99999" })
	void aMalformedHopEndsTheWalkAtTheProxyThatWroteIt(String malformed) {
		// 10.1.1.1 is a trusted proxy: it wrote the malformed element, so it is the client
		assertThat(whoami(xForwardedFor, "X-Forwarded-For: 6.6.6.6, " + malformed + ", 10.1.1.1").path("address")
			.asString()).isEqualTo("10.1.1.1");
		assertThat(whoami(xForwardedFor, "X-Forwarded-For: 6.6.6.6, " + malformed).path("address").asString())
			.isEqualTo("127.0.0.1");
	}

	@Test
	void severalLinesAreOneListReadFromTheRight() {
		assertThat(whoami(xForwardedFor, "X-Forwarded-For: 6.6.6.6", "X-Forwarded-For: 198.51.100.7, 10.1.1.1")
			.path("address")
			.asString()).isEqualTo("198.51.100.7");
		assertThat(whoami(xForwardedFor, "X-Forwarded-For: 6.6.6.6, 7.7.7.7", "X-Forwarded-For: unknown, 10.1.1.1")
			.path("address")
			.asString()).isEqualTo("10.1.1.1");
	}

	@Test
	void everyFormOfAnIpv6AddressIsOneClient() {
		for (String form : new String[] { "2001:db8::7", "2001:0DB8:0:0:0:0:0:7", "[2001:db8::7]", "[2001:db8::7]:443",
				"2001:db8:0::0:7" }) {
			assertThat(whoami(xForwardedFor, "X-Forwarded-For: " + form).path("address").asString()).as(form)
				.isEqualTo("2001:db8:0:0:0:0:0:7");
		}
		assertThat(whoami(xForwardedFor, "X-Forwarded-For: ::ffff:198.51.100.7").path("address").asString())
			.isEqualTo("198.51.100.7");
	}

	@Test
	void theSchemeComesOnlyFromTheHeaderFamilyTheProxyWrites() {
		assertThat(whoami(xForwardedFor, "X-Forwarded-Proto: https").path("secure").asBoolean()).isTrue();
		assertThat(whoami(xForwardedFor, "Forwarded: for=198.51.100.7;proto=https").path("secure").asBoolean())
			.isFalse();
	}

	@Test
	void aClientSentForwardedHostDoesNotPassTheHostCheck() {
		assertThat(request(xForwardedFor, "/api/hello", "evil.example", "X-Forwarded-Host: localhost"))
			.startsWith("HTTP/1.1 400")
			.contains("INVALID_HOST");
		assertThat(request(xForwardedFor, "/api/hello", "evil.example", "Forwarded: host=localhost"))
			.startsWith("HTTP/1.1 400");
		assertThat(request(xForwardedFor, "/api/hello", "localhost", "X-Forwarded-Host: evil.example"))
			.startsWith("HTTP/1.1 200");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[::1]", "[0:0:0:0:0:0:0:1]", "[0000::0001]:8080", "[::ffff:127.0.0.1]", "LOCALHOST.",
			"Api.Example.Com:443" })
	void anAllowedHostIsAllowedInEveryForm(String host) {
		assertThat(request(xForwardedFor, "/api/hello", host)).startsWith("HTTP/1.1 200");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[::2]", "[0:0::2]:8080", "127.0.0.01", "127.1", "2130706433", "0x7f.0.0.1",
			"[::ffff:127.0.0.2]", "localhost:", "[::1]:99999999" })
	void anotherHostIsRefusedInEveryForm(String host) {
		assertThat(request(xForwardedFor, "/api/hello", host)).startsWith("HTTP/1.1 400").contains("INVALID_HOST");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[::1%25eth0]", "[::1]x", "local%68ost", "localhost..", "api.example.com@evil.example" })
	void aHostTheContainerCannotParseIsAProblemToo(String host) {
		// Tomcat refuses these before any filter (AllowedHostsTests covers them without it)
		assertThat(request(xForwardedFor, "/api/hello", host)).startsWith("HTTP/1.1 400")
			.contains("application/problem+json");
	}

	// --- behind an RFC 7239 Forwarded proxy that writes host=

	@Test
	void aClientSentXForwardedForDoesNotPickTheAddress() {
		assertThat(whoami(forwarded, "X-Forwarded-For: 6.6.6.6").path("address").asString()).isEqualTo("127.0.0.1");
		assertThat(whoami(forwarded, "X-Forwarded-For: 6.6.6.6", "Forwarded: for=198.51.100.7").path("address")
			.asString()).isEqualTo("198.51.100.7");
	}

	@Test
	void forwardedElementsAreReadWithQuotesPortsCaseAndSeveralLines() {
		assertThat(whoami(forwarded, "Forwarded: for=6.6.6.6", "Forwarded: FOR=\"[2001:db8::7]:4711\";Proto=https")
			.path("address")
			.asString()).isEqualTo("2001:db8:0:0:0:0:0:7");
		assertThat(whoami(forwarded, "Forwarded: for=6.6.6.6, for=\"198.51.100.7:47011\";by=10.1.1.1").path("address")
			.asString()).isEqualTo("198.51.100.7");
		// a quoted comma does not split an element: the client's whole value is one malformed hop
		assertThat(whoami(forwarded, "Forwarded: for=\"6.6.6.6, for=7.7.7.7\"").path("address").asString())
			.isEqualTo("127.0.0.1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "for=unknown", "for=_hidden", "for=\"_hidden\"", "for=garbage!", "", "proto=https",
			"for=6.6.6.6;for=7.7.7.7", "for = 6.6.6.6", "for=\"198.51.100%2e6\"" })
	void aMalformedOrObfuscatedElementEndsTheWalkAtTheProxyThatWroteIt(String malformed) {
		assertThat(whoami(forwarded, "Forwarded: for=6.6.6.6, " + malformed + ", for=10.1.1.1").path("address")
			.asString()).isEqualTo("10.1.1.1");
	}

	@Test
	void theSchemeAndHostComeFromTheElementTheClientAddressCameFrom() {
		assertThat(whoami(forwarded, "Forwarded: for=198.51.100.7;proto=https").path("secure").asBoolean()).isTrue();
		assertThat(whoami(forwarded, "X-Forwarded-Proto: https").path("secure").asBoolean()).isFalse();
		assertThat(whoami(forwarded, "Forwarded: for=6.6.6.6;proto=https, for=198.51.100.7").path("secure").asBoolean())
			.isFalse();
		assertThat(request(forwarded, "/api/hello", "evil.example", "Forwarded: for=198.51.100.7;host=localhost"))
			.startsWith("HTTP/1.1 200");
		assertThat(request(forwarded, "/api/hello", "localhost", "Forwarded: for=198.51.100.7;host=evil.example"))
			.startsWith("HTTP/1.1 400");
		assertThat(request(forwarded, "/api/hello", "evil.example", "X-Forwarded-Host: localhost"))
			.startsWith("HTTP/1.1 400");
		// the client wrote host= in its own element; the proxy's element has none, so Host is checked
		assertThat(request(forwarded, "/api/hello", "evil.example",
				"Forwarded: for=6.6.6.6;host=localhost, for=198.51.100.7"))
			.startsWith("HTTP/1.1 400");
		assertThat(request(forwarded, "/api/hello", "evil.example", "Forwarded: for=198.51.100.7;host=\"[::1]:8080\""))
			.startsWith("HTTP/1.1 200");
	}

	private static ConfigurableApplicationContext service(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"hardening.web.allowed-hosts=localhost,api.example.com,127.0.0.1,[::1]",
					"hardening.web.trusted-proxies=127.0.0.1,::1,10.0.0.0/8")
			.properties(properties)
			.run();
	}

	private static JsonNode whoami(ConfigurableApplicationContext app, String... headers) {
		String response = request(app, "/whoami", "localhost", headers);
		assertThat(response).startsWith("HTTP/1.1 200");
		return TestHttp.json(response.substring(response.indexOf("\r\n\r\n") + 4));
	}

	/** Sends the header lines as they are, each on its own line, in order. */
	private static String request(ConfigurableApplicationContext app, String path, String host, String... headers) {
		StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
			.append("\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return new TestHttp(port).raw(request.toString().getBytes(StandardCharsets.ISO_8859_1));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		private final ClientAddressResolver clients;

		TestController(ClientAddressResolver clients) {
			this.clients = clients;
		}

		@GetMapping("/whoami")
		Map<String, Object> whoami(HttpServletRequest request) {
			return Map.of("address", this.clients.resolve(request), "secure", this.clients.isSecure(request));
		}

		@GetMapping("/api/hello")
		String hello() {
			return "hello";
		}

	}

}
