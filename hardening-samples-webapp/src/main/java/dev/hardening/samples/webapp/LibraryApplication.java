package dev.hardening.samples.webapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small library catalogue: Thymeleaf pages behind a form login, a JSON API behind HTTP Basic,
 * and springdoc's Swagger UI. It is written the way a team writes it without knowing about
 * hardening; the starter is on its classpath with one setting (a
 * {@code Cache-Control} rule for {@code /api/**}, without which Spring Security's {@code no-store} leaves
 * the API without ETags).
 */
@SpringBootApplication
public class LibraryApplication {

	public static void main(String[] args) {
		SpringApplication.run(LibraryApplication.class, args);
	}

}
