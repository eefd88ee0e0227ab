package dev.hardening.autoconfigure.pagination;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Handlers on a field-selection path that set headers every way a handler can (on the servlet
 * response, a cookie, a {@code ResponseEntity}'s headers), an application interceptor that sets
 * headers before every handler, asynchronous handlers, a CORS-enabled handler, and a deeply nested
 * body. Every handler counts its invocations.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FieldSelectionHeadersApplication.SelectedController.class)
class FieldSelectionHeadersApplication {

	static final AtomicInteger INVOCATIONS = new AtomicInteger();

	record Thing(int id, String name) {
	}

	@Bean
	WebMvcConfigurer attackerBeforeHandlerHeaders() {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new HandlerInterceptor() {

					@Override
					public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
						response.setHeader("X-Before", "kept");
						response.addHeader("X-Multi", "first");
						return true;
					}

				});
			}

		};
	}

	@RestController
	static class SelectedController {

		@GetMapping("/attacker/servlet")
		Thing servlet(HttpServletResponse response) {
			INVOCATIONS.incrementAndGet();
			response.setHeader("X-Handler", "set");
			response.setHeader("X-Before", "changed");
			response.addHeader("X-Multi", "second");
			response.addHeader("Vary", "Accept-Language");
			response.addCookie(new Cookie("handler", "cookie"));
			return new Thing(1, "one");
		}

		@GetMapping("/attacker/entity")
		ResponseEntity<Thing> entity() {
			INVOCATIONS.incrementAndGet();
			return ResponseEntity.ok()
				.eTag("\"v1\"")
				.cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)))
				.header("X-Entity", "set")
				.header("Set-Cookie", "entity=cookie")
				.body(new Thing(2, "two"));
		}

		@GetMapping("/attacker/async")
		Callable<Thing> async(HttpServletResponse response) {
			INVOCATIONS.incrementAndGet();
			response.setHeader("X-Handler", "set");
			return () -> new Thing(3, "three");
		}

		@PostMapping("/attacker/create")
		Thing create() {
			INVOCATIONS.incrementAndGet();
			return new Thing(4, "four");
		}

		@CrossOrigin("https://app.example")
		@GetMapping("/attacker/cors")
		Thing cors() {
			return new Thing(5, "five");
		}

		/** {"a":{"a":...{"a":{"id":1}}}}, {@code depth} objects deep. */
		@GetMapping("/attacker/deep")
		Map<String, Object> deep() {
			Map<String, Object> inner = new LinkedHashMap<>();
			inner.put("id", 1);
			for (int i = 0; i < 400; i++) {
				Map<String, Object> outer = new LinkedHashMap<>();
				outer.put("a", inner);
				outer.put("n", i);
				inner = outer;
			}
			return inner;
		}

	}

}
