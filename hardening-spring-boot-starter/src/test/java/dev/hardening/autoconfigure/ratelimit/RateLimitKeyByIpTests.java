package dev.hardening.autoconfigure.ratelimit;

import java.net.http.HttpResponse;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.autoconfigure.web.ClientAddressResolver;
import dev.hardening.autoconfigure.web.WebHardeningAutoConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ip} key through a real server: an IPv6 client is one network, not one address per
 * request; an IPv4-mapped address is its IPv4 address. The test's connection plays a trusted
 * proxy, so {@code X-Forwarded-For} names the client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RateLimitKeyByIpTests.TestApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1", "hardening.rate-limit.policies[0].name=per-ip",
				"hardening.rate-limit.policies[0].paths=/limited/**",
				"hardening.rate-limit.policies[0].limits[0].capacity=1",
				"hardening.rate-limit.policies[0].limits[0].period=1h" })
class RateLimitKeyByIpTests {

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void anIpv6ClientCannotGetAFreshBucketFromEachAddressOfItsNetwork() {
		assertThat(status("/limited/a", "2001:db8:1:2::1")).isEqualTo(200);
		assertThat(status("/limited/a", "2001:db8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(429);
		assertThat(status("/limited/a", "2001:0db8:0001:0002:0000:0000:0000:0009")).isEqualTo(429);
		assertThat(status("/limited/a", "[2001:db8:1:2::77]:443")).isEqualTo(429);
		assertThat(status("/limited/a", "2001:db8:1:3::1")).isEqualTo(200);
	}

	@Test
	void anIpv4MappedAddressIsItsIpv4Address() {
		assertThat(status("/limited/b", "::ffff:198.51.100.20")).isEqualTo(200);
		assertThat(status("/limited/b", "198.51.100.20")).isEqualTo(429);
		assertThat(status("/limited/b", "198.51.100.21")).isEqualTo(200);
	}

	@Test
	void aClientSentForwardedHeaderOrMalformedHopDoesNotPickTheBucket() {
		assertThat(this.http.get("/limited/c", "X-Forwarded-For", "198.51.100.30", "Forwarded", "for=6.6.6.1")
			.statusCode()).isEqualTo(200);
		assertThat(this.http.get("/limited/c", "X-Forwarded-For", "198.51.100.30", "Forwarded", "for=6.6.6.2")
			.statusCode()).isEqualTo(429);
		assertThat(this.http.get("/limited/c", "X-Forwarded-For", "6.6.6.3, unknown", "X-Forwarded-For",
				"198.51.100.30").statusCode()).isEqualTo(429);
		// a malformed hop right of the client's choice: the trusted proxy (the test's peer) is the key
		assertThat(this.http.get("/limited/c", "X-Forwarded-For", "6.6.6.4, _hidden").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/limited/c", "X-Forwarded-For", "6.6.6.5, _hidden").statusCode()).isEqualTo(429);
	}

	@Test
	void theLogSeesTheWholeAddressWhileTheKeyIsTheNetwork() {
		HttpResponse<String> response = this.http.get("/whoami", "X-Forwarded-For", "2001:db8:9::abcd");

		assertThat(response.body()).isEqualTo("2001:db8:9:0:0:0:0:abcd");
	}

	@Test
	void failsAtStartupOnAPrefixOutsideOneTo128() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, WebHardeningAutoConfiguration.class));
		for (String prefix : new String[] { "0", "129", "-1" }) {
			runner.withPropertyValues("hardening.rate-limit.ipv6-prefix=" + prefix)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("hardening.rate-limit.ipv6-prefix")
					.hasMessageContaining("between 1 and 128"));
		}
		runner.withPropertyValues("hardening.rate-limit.ipv6-prefix=128")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aPrefixOf128KeysEachAddress() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, WebHardeningAutoConfiguration.class))
			.withPropertyValues("hardening.web.trusted-proxies=10.0.0.0/8", "hardening.rate-limit.ipv6-prefix=56",
					"hardening.rate-limit.policies[0].name=per-ip", "hardening.rate-limit.policies[0].paths=/**",
					"hardening.rate-limit.policies[0].limits[0].capacity=1",
					"hardening.rate-limit.policies[0].limits[0].period=1h");
		runner.run((context) -> {
			RateLimitRules rules = context.getBean(RateLimitRules.class);
			RateLimitRule rule = rules.named("per-ip");
			assertThat(rule.key().resolve(forwarded("2001:db8:1:2ff::1"))).isEqualTo("2001:db8:1:200:0:0:0:0/56");
			assertThat(rule.key().resolve(forwarded("198.51.100.9"))).isEqualTo("198.51.100.9");
		});
		runner.withPropertyValues("hardening.rate-limit.ipv6-prefix=128").run((context) -> {
			RateLimitRule rule = context.getBean(RateLimitRules.class).named("per-ip");
			assertThat(rule.key().resolve(forwarded("2001:db8:1:2ff::1"))).isEqualTo("2001:db8:1:2ff:0:0:0:1");
		});
	}

	private static HttpServletRequest forwarded(String client) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("10.0.0.1");
		request.addHeader("X-Forwarded-For", client);
		return request;
	}

	private int status(String path, String client) {
		return this.http.get(path, "X-Forwarded-For", client).statusCode();
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

		@GetMapping({ "/limited/a", "/limited/b", "/limited/c" })
		String ok() {
			return "ok";
		}

		@GetMapping("/whoami")
		String whoami(HttpServletRequest request) {
			return this.clients.resolve(request);
		}

	}

}
