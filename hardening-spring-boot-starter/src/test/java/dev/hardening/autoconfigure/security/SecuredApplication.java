package dev.hardening.autoconfigure.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.autoconfigure.DataRedisAutoConfigurations;
import dev.hardening.error.NotFoundException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * An API secured the way Spring Security's guides and Boot's defaults do it: every request
 * authenticated, an admin area, HTTP Basic for API clients and a login form for browsers, CSRF
 * protection on. Beside it, a chain with no authorization rules at all, as a webhook or a
 * health path often has. The test classes that share its properties share one context.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SecuredApplication.ApiController.class)
class SecuredApplication {

	/**
	 * Properties every test of this application sets: Spring Security's auto-configuration on (the
	 * tracing that the test application.properties also leaves out stays out), one cache rule.
	 */
	static final String SECURED = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration,"
			+ "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration,"
			+ "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration,"
			+ DataRedisAutoConfigurations.NAMES;

	static final String CACHE_RULE_PATHS = "hardening.etag.cache-control[0].paths=/cached/**";

	static final String CACHE_RULE_VALUE = "hardening.etag.cache-control[0].value=private, no-cache";

	/** What Spring Security's header writer sets on a response that has none of its own. */
	static final String SPRING_SECURITY_CACHE_CONTROL = "no-cache, no-store, max-age=0, must-revalidate";

	@Bean
	@Order(1)
	SecurityFilterChain openChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/open/**").httpBasic(withDefaults()).csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**")
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated()).httpBasic(withDefaults()).formLogin(withDefaults());
		return http.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}password").roles("USER").build(),
				User.withUsername("admin").password("{noop}password").roles("ADMIN").build());
	}

	@RestController
	static class ApiController {

		/** How often the admin-only handler ran. */
		static final AtomicInteger ADMIN_CALLS = new AtomicInteger();

		@GetMapping("/things")
		ResponseEntity<List<Map<String, Object>>> things() {
			return ResponseEntity.ok(List.of(Map.of("id", 1, "name", "thing")));
		}

		@GetMapping("/cached/things")
		ResponseEntity<List<Map<String, Object>>> cachedThings() {
			return ResponseEntity.ok(List.of(Map.of("id", 2, "name", "cached thing")));
		}

		@GetMapping({ "/things/missing", "/cached/missing" })
		ResponseEntity<String> missing() {
			throw new NotFoundException("There is no such thing.");
		}

		@PostMapping("/things")
		ResponseEntity<String> create(@RequestBody String body) {
			return ResponseEntity.status(201).body(body);
		}

		@GetMapping("/admin/data")
		String adminData() {
			ADMIN_CALLS.incrementAndGet();
			return "secret admin data";
		}

		@GetMapping("/public/forward")
		void forwardToAdmin(HttpServletRequest request, HttpServletResponse response)
				throws ServletException, IOException {
			request.getRequestDispatcher("/admin/data").forward(request, response);
		}

		@GetMapping("/open/hello")
		String hello() {
			return "hello";
		}

	}

}
