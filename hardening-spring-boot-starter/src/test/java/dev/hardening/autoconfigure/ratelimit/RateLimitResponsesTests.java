package dev.hardening.autoconfigure.ratelimit;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;

import dev.hardening.autoconfigure.TestHttp;
import dev.hardening.ratelimit.RateLimiter;
import dev.hardening.test.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static dev.hardening.autoconfigure.TestHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limiting through a real server, on the local backend with a clock the test moves, so
 * every header value can be checked exactly.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = RateLimitResponsesTests.TestApplication.class,
		properties = { "hardening.web.trusted-proxies=127.0.0.1", "hardening.rate-limit.headers.legacy=true",
				"hardening.rate-limit.policies[0].name=per-ip",
				"hardening.rate-limit.policies[0].paths=/limited/**",
				"hardening.rate-limit.policies[0].limits[0].capacity=3",
				"hardening.rate-limit.policies[0].limits[0].period=1m",
				"hardening.rate-limit.policies[1].name=api-key",
				"hardening.rate-limit.policies[1].paths=/keyed/**",
				"hardening.rate-limit.policies[1].key=header:X-API-Key",
				"hardening.rate-limit.policies[1].on-missing-key=reject",
				"hardening.rate-limit.policies[1].limits[0].capacity=2",
				"hardening.rate-limit.policies[1].limits[0].period=1m",
				"hardening.rate-limit.policies[1].limits[1].capacity=5",
				"hardening.rate-limit.policies[1].limits[1].period=1h",
				"hardening.rate-limit.policies[2].name=registration",
				"hardening.rate-limit.policies[2].limits[0].capacity=1",
				"hardening.rate-limit.policies[2].limits[0].period=1m",
				"hardening.rate-limit.policies[3].name=per-user",
				"hardening.rate-limit.policies[3].paths=/me/**",
				"hardening.rate-limit.policies[3].key=principal",
				"hardening.rate-limit.policies[3].limits[0].capacity=1",
				"hardening.rate-limit.policies[3].limits[0].period=1m",
				"hardening.rate-limit.policies[4].name=shared-anonymous",
				"hardening.rate-limit.policies[4].paths=/anonymous/**",
				"hardening.rate-limit.policies[4].key=header:X-API-Key",
				"hardening.rate-limit.policies[4].limits[0].capacity=1",
				"hardening.rate-limit.policies[4].limits[0].period=1m",
				"hardening.rate-limit.policies[5].name=everywhere",
				"hardening.rate-limit.policies[5].paths=/register",
				"hardening.rate-limit.policies[5].limits[0].capacity=100",
				"hardening.rate-limit.policies[5].limits[0].period=1m",
				"hardening.rate-limit.policies[6].name=both-ways",
				"hardening.rate-limit.policies[6].paths=/both",
				"hardening.rate-limit.policies[6].limits[0].capacity=3",
				"hardening.rate-limit.policies[6].limits[0].period=1m" })
class RateLimitResponsesTests {

	static final MutableClock CLOCK = MutableClock.start();

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@Test
	void countsDownInTheRateLimitFieldsThenAnswers429WithRetryAfter() {
		String client = "198.51.100.1";
		HttpResponse<String> first = this.http.get("/limited/a", "X-Forwarded-For", client);
		this.http.get("/limited/a", "X-Forwarded-For", client);
		HttpResponse<String> third = this.http.get("/limited/b", "X-Forwarded-For", client);
		HttpResponse<String> fourth = this.http.get("/limited/a", "X-Forwarded-For", client);

		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("\"per-ip\";q=3;w=60");
		assertThat(first.headers().firstValue("RateLimit")).hasValue("\"per-ip\";r=2;t=20");
		assertThat(third.headers().firstValue("RateLimit")).hasValue("\"per-ip\";r=0;t=60");
		assertThat(third.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
		assertThat(third.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
		assertThat(third.headers().firstValue("X-RateLimit-Reset")).hasValue("60");
		JsonNode problem = assertProblem(fourth, 429, "RATE_LIMITED");
		assertThat(fourth.headers().firstValue("Retry-After")).hasValue("20");
		assertThat(fourth.headers().firstValue("RateLimit")).hasValue("\"per-ip\";r=0;t=60");
		assertThat(problem.path("policy").asString()).isEqualTo("per-ip");
		assertThat(problem.path("detail").asString()).isEqualTo("Too many requests for policy 'per-ip'; try again in 20 seconds.");

		CLOCK.advance(Duration.ofSeconds(20));
		assertThat(this.http.get("/limited/a", "X-Forwarded-For", client).statusCode()).isEqualTo(200);
	}

	@Test
	void forwardedForFromATrustedProxyIsTheKey() {
		for (int i = 0; i < 3; i++) {
			this.http.get("/limited/a", "X-Forwarded-For", "198.51.100.2");
		}

		assertThat(this.http.get("/limited/a", "X-Forwarded-For", "198.51.100.2").statusCode()).isEqualTo(429);
		assertThat(this.http.get("/limited/a", "X-Forwarded-For", "198.51.100.3").statusCode()).isEqualTo(200);
	}

	@Test
	void everyLimitOfAPolicyIsListedAndAMissingKeyIsRejected() {
		HttpResponse<String> keyed = this.http.get("/keyed/x", "X-API-Key", "secret-1");
		HttpResponse<String> missing = this.http.get("/keyed/x");

		assertThat(keyed.statusCode()).isEqualTo(200);
		assertThat(keyed.headers().firstValue("RateLimit-Policy")).hasValue("\"api-key\";q=2;w=60, \"api-key\";q=5;w=3600");
		assertThat(keyed.headers().firstValue("RateLimit")).hasValue("\"api-key\";r=1;t=720");
		JsonNode problem = assertProblem(missing, 401, "UNAUTHORIZED");
		assertThat(problem.path("detail").asString()).isEqualTo("This endpoint requires the X-API-Key header.");
		// RFC 9110 11.6.1: a 401 carries a challenge
		assertThat(missing.headers().allValues("WWW-Authenticate"))
			.containsExactly("ApiKey realm=\"api-key\", header=\"X-API-Key\"");
	}

	@Test
	void aPolicyAttachedByPathAndByAnnotationChargesARequestOnce() {
		String client = "198.51.100.7";
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> allowed = this.http.get("/both", "X-Forwarded-For", client);

			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.headers().allValues("RateLimit-Policy")).containsExactly("\"both-ways\";q=3;w=60");
			assertThat(allowed.headers().allValues("RateLimit"))
				.containsExactly("\"both-ways\";r=" + (2 - i) + ";t=" + (20 * (i + 1)));
		}
		HttpResponse<String> rejected = this.http.get("/both", "X-Forwarded-For", client);

		assertProblem(rejected, 429, "RATE_LIMITED");
		assertThat(rejected.headers().allValues("RateLimit")).containsExactly("\"both-ways\";r=0;t=60");
	}

	@Test
	void aPrincipalPolicyAttachedByPathAndByAnnotationChargesARequestOnce() {
		assertThat(this.http.get("/me/annotated", "X-Test-User", "carol").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/me/annotated", "X-Test-User", "carol").statusCode()).isEqualTo(429);
	}

	@Test
	void requestsWithoutAKeyShareOneBucketWhenSoConfigured() {
		assertThat(this.http.get("/anonymous/x").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/anonymous/x").statusCode()).isEqualTo(429);
		assertThat(this.http.get("/anonymous/x", "X-API-Key", "own").statusCode()).isEqualTo(200);
	}

	@Test
	void theAnnotationAppliesItsPolicyToTheEndpoint() {
		HttpResponse<String> first = this.http.post("/register", "application/json", "{}", "X-Forwarded-For", "198.51.100.4");
		HttpResponse<String> second = this.http.post("/register", "application/json", "{}", "X-Forwarded-For", "198.51.100.4");

		assertThat(first.statusCode()).isEqualTo(200);
		// the path policy (filter) and the annotation's (interceptor) both report, as one list
		assertThat(first.headers().allValues("RateLimit")).containsExactly("\"everywhere\";r=99;t=1",
				"\"registration\";r=0;t=60");
		assertProblem(second, 429, "RATE_LIMITED");
		assertThat(second.headers().allValues("RateLimit-Policy")).containsExactly("\"everywhere\";q=100;w=60",
				"\"registration\";q=1;w=60");
	}

	@Test
	void principalKeysAreAppliedOnceTheUserIsKnown() {
		assertThat(this.http.get("/me", "X-Test-User", "alice").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/me", "X-Test-User", "alice").statusCode()).isEqualTo(429);
		assertThat(this.http.get("/me", "X-Test-User", "bob").statusCode()).isEqualTo(200);
	}

	@Test
	void unlimitedPathsGetNoFields() {
		HttpResponse<String> response = this.http.get("/free");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("RateLimit")).isEmpty();
		assertThat(response.headers().firstValue("RateLimit-Policy")).isEmpty();
	}

	@Test
	void countsDecisionsByPolicyAndOutcome() {
		this.http.get("/limited/a", "X-Forwarded-For", "198.51.100.5");

		assertThat(this.meters.get("hardening.rate-limit.decisions").tag("policy", "per-ip").tag("outcome", "allowed")
			.counter().count()).isGreaterThanOrEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		@Bean
		RateLimiter rateLimiter() {
			return RateLimiter.local(10_000, CLOCK);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		/** Stands in for Spring Security: makes X-Test-User the authenticated user. */
		@Bean
		FilterRegistrationBean<OncePerRequestFilter> fakeAuthentication() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {

						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							String user = request.getHeader("X-Test-User");
							chain.doFilter((user == null) ? request : new HttpServletRequestWrapper(request) {

								@Override
								public Principal getUserPrincipal() {
									return () -> user;
								}

							}, response);
						}

					});
			registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
			return registration;
		}

	}

	@RestController
	static class TestController {

		@GetMapping({ "/limited/a", "/limited/b", "/keyed/x", "/anonymous/x", "/free", "/me" })
		String ok() {
			return "ok";
		}

		@GetMapping("/both")
		@RateLimit("both-ways")
		String both() {
			return "ok";
		}

		@GetMapping("/me/annotated")
		@RateLimit("per-user")
		String meAnnotated() {
			return "ok";
		}

		@PostMapping("/register")
		@RateLimit("registration")
		String register() {
			return "registered";
		}

	}

}
