package dev.hardening.autoconfigure.security;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hardening.autoconfigure.idempotency.Idempotent;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * A service secured as a typical API plus browser front end is: HTTP Basic and a login form,
 * {@code /public/**} open, {@code /admin/**} for admins, the rest for any signed-in user, CSRF off
 * for the JSON API paths, Spring Security's own CORS integration ({@code http.cors()}) fed by a
 * {@link CorsConfigurationSource} for the SPA's origin, and {@code X-Frame-Options: SAMEORIGIN}.
 * hardening is configured on top: If-Match required on {@code /things/**}, a per-user cache rule on
 * {@code /cached/**}, CORS for the SPA on {@code /things/**}, a per-address limit on the login form
 * and a per-user limit on {@code /limited/**}. The attack test classes share its properties, so they
 * share one context.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AttackSecuredApplication.Api.class)
class AttackSecuredApplication {

	static final String SPA = "https://app.example.com";

	/** hardening's settings on top, one property a line (a constant, for the tests' annotations). */
	static final String HARDENING = ""
			+ "hardening.etag.require-if-match=/things/**\n"
			+ "hardening.etag.cache-control[0].paths=/cached/**\n"
			+ "hardening.etag.cache-control[0].value=private, max-age=600\n"
			+ "hardening.web.cors.mappings[0].paths=/things/**\n"
			+ "hardening.web.cors.mappings[0].allowed-origins=https://app.example.com\n"
			+ "hardening.web.cors.mappings[0].allowed-methods=GET,PUT,POST\n"
			+ "hardening.web.cors.mappings[0].allowed-headers=Authorization,Content-Type,If-Match\n"
			+ "hardening.web.cors.mappings[0].allow-credentials=true\n"
			+ "hardening.rate-limit.policies[0].name=login\n"
			+ "hardening.rate-limit.policies[0].paths=/login\n"
			+ "hardening.rate-limit.policies[0].key=ip\n"
			+ "hardening.rate-limit.policies[0].limits[0].capacity=3\n"
			+ "hardening.rate-limit.policies[0].limits[0].period=1h\n"
			+ "hardening.rate-limit.policies[1].name=per-user\n"
			+ "hardening.rate-limit.policies[1].paths=/limited/**\n"
			+ "hardening.rate-limit.policies[1].key=principal\n"
			+ "hardening.rate-limit.policies[1].limits[0].capacity=3\n"
			+ "hardening.rate-limit.policies[1].limits[0].period=1h\n"
			+ "hardening.idempotency.policies[0].name=per-user-orders\n"
			+ "hardening.idempotency.policies[0].paths=/user-orders\n"
			+ "hardening.idempotency.policies[0].key=principal\n";

	@Bean
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/public/**")
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated())
			.httpBasic(withDefaults())
			.formLogin(withDefaults())
			.cors(withDefaults())
			.headers((headers) -> headers.frameOptions((frame) -> frame.sameOrigin()))
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/things/**", "/orders/**", "/user-orders", "/limited/**"));
		return http.build();
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource() {
		CorsConfiguration spa = new CorsConfiguration();
		spa.setAllowedOrigins(List.of(SPA));
		spa.setAllowedMethods(List.of("GET", "PUT", "POST"));
		spa.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match"));
		spa.setAllowCredentials(true);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", spa);
		return source;
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("user").password("{noop}password").roles("USER").build(),
				User.withUsername("other").password("{noop}password").roles("USER").build(),
				User.withUsername("admin").password("{noop}password").roles("ADMIN").build());
	}

	@RestController
	static class Api {

		static final AtomicInteger ORDERS = new AtomicInteger();

		static final AtomicInteger LIMITED_CALLS = new AtomicInteger();

		@GetMapping("/things")
		List<Map<String, Object>> things() {
			return List.of(Map.of("id", 1, "name", "thing"));
		}

		@PutMapping("/things/{id}")
		Map<String, Object> update(@PathVariable long id, @RequestBody String body) {
			return Map.of("id", id, "updated", true);
		}

		@GetMapping("/cached/me")
		Map<String, Object> me(Principal principal) {
			return Map.of("user", principal.getName(), "secret", "balance 1000");
		}

		@GetMapping("/admin/data")
		Map<String, Object> admin() {
			return Map.of("secret", "admin data");
		}

		@GetMapping("/public/hello")
		Map<String, Object> hello() {
			return Map.of("hello", "world");
		}

		@GetMapping("/limited/hello")
		Map<String, Object> limited() {
			LIMITED_CALLS.incrementAndGet();
			return Map.of("hello", "limited");
		}

		@PostMapping("/orders")
		@Idempotent
		ResponseEntity<Map<String, Object>> order(Principal principal, @RequestBody String body) {
			return ResponseEntity.status(201)
				.body(Map.of("order", ORDERS.incrementAndGet(), "owner", principal.getName(), "card", "**** 4242"));
		}

		/** Guarded by the {@code per-user-orders} path policy ({@code key: principal}). */
		@PostMapping("/user-orders")
		ResponseEntity<Map<String, Object>> userOrder(Principal principal, @RequestBody String body) {
			return ResponseEntity.status(201)
				.body(Map.of("order", ORDERS.incrementAndGet(), "owner", principal.getName(), "card", "**** 4242"));
		}

	}

}
