package dev.hardening.autoconfigure.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;

import dev.hardening.audit.Audited;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An application whose audited actions take client values: a note's id and a reason from the
 * query or a JSON body, and a principal named by the {@code X-Test-Token} header: the subject
 * in URL-safe Base64, as a bearer token carries it (a JWT's {@code sub} is any JSON string).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AuditAttackApplication.Notes.class)
class AuditAttackApplication {

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> testUserFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {

					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						String token = request.getHeader("X-Test-Token");
						if (token == null) {
							chain.doFilter(request, response);
							return;
						}
						String subject = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
						Principal principal = () -> subject;
						chain.doFilter(new HttpServletRequestWrapper(request) {

							@Override
							public Principal getUserPrincipal() {
								return principal;
							}

						}, response);
					}

				});
		registration.setOrder(0);
		return registration;
	}

	@RestController
	static class Notes {

		@PostMapping("/notes")
		@Audited(action = "note.create", resource = "note", id = "#id", details = "reason")
		public String create(@RequestParam String id, @RequestParam(defaultValue = "") String reason) {
			return "created";
		}

		@PostMapping("/notes/json")
		@Audited(action = "note.import", resource = "note", id = "#note.id", details = "note")
		public String importNote(@RequestBody Note note) {
			return "imported";
		}

	}

	record Note(String id, String text) {
	}

}
