package dev.hardening.autoconfigure.actuate;

import java.util.List;
import java.util.Map;

import dev.hardening.autoconfigure.error.ErrorsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code HR-CATCH-ALL-HANDLER}: each catch-all {@code @ExceptionHandler} of the application that
 * hides problems is named, bean and method, with the fix; the fixed shapes, and the starter's own
 * handlers, are not.
 */
class CatchAllHandlerFindingTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HardeningReportAutoConfiguration.class, ErrorsAutoConfiguration.class,
				ErrorMvcAutoConfiguration.class, WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void namesEachCatchAllHandlerOfAnAdviceOrAControllerWithTheFix() {
		this.runner.withBean("globalHandler", GlobalHandler.class)
			.withBean("ordersController", OrdersController.class)
			.run((context) -> {
				List<Finding> findings = findings(context.getBean(HardeningReport.class));
				assertThat(findings).extracting(Finding::severity).containsOnly(Finding.Severity.LOW);
				assertThat(findings).extracting(Finding::found)
					.satisfiesExactly(
							(found) -> assertThat(found).startsWith("globalHandler.any(Exception) in "
									+ GlobalHandler.class.getName() + " answers every exception"),
							(found) -> assertThat(found).startsWith("globalHandler.anyThrowable(Throwable) in "),
							(found) -> assertThat(found).startsWith("ordersController.failed(RuntimeException) in "
									+ OrdersController.class.getName()));
				assertThat(findings.get(0).fix()).contains("Narrow it", "ProblemDetail",
						"ResponseEntityExceptionHandler");
			});
	}

	@Test
	void handlersThatAnswerWithProblemsOrOnlyWhatTheyMeanAreFine() {
		this.runner.withBean("problemsHandler", ProblemsHandler.class)
			.withBean("narrowHandler", NarrowHandler.class)
			.withBean("springsHandler", SpringsHandler.class)
			.run((context) -> assertThat(findings(context.getBean(HardeningReport.class))).isEmpty());
	}

	@Test
	void theStartersOwnHandlersAreNotTheApplications() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("hardeningProblemExceptionHandler").hasBean("hardeningApiExceptionHandler");
			assertThat(findings(context.getBean(HardeningReport.class))).isEmpty();
		});
	}

	private static List<Finding> findings(HardeningReport report) {
		return report.findings().stream().filter((finding) -> finding.id().equals("HR-CATCH-ALL-HANDLER")).toList();
	}

	@RestControllerAdvice
	static class GlobalHandler {

		@ExceptionHandler(Exception.class)
		ResponseEntity<Map<String, String>> any(Exception ex) {
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("title", ex.getClass().getName()));
		}

		@ExceptionHandler
		ResponseEntity<String> anyThrowable(Throwable ex) {
			return ResponseEntity.internalServerError().body("failed");
		}

		@ExceptionHandler(IllegalStateException.class)
		ResponseEntity<String> conflict(IllegalStateException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body("conflict");
		}

	}

	@RestController
	static class OrdersController {

		@GetMapping("/orders")
		String orders() {
			return "[]";
		}

		@ExceptionHandler(RuntimeException.class)
		ResponseEntity<String> failed(RuntimeException ex) {
			return ResponseEntity.internalServerError().body(ex.getMessage());
		}

	}

	@RestControllerAdvice
	static class ProblemsHandler {

		@ExceptionHandler(Exception.class)
		ProblemDetail any(Exception ex) {
			return ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
		}

		@ExceptionHandler(RuntimeException.class)
		ResponseEntity<ProblemDetail> runtime(RuntimeException ex) {
			return ResponseEntity.internalServerError().body(ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR));
		}

	}

	@RestControllerAdvice
	static class NarrowHandler {

		@ExceptionHandler({ IllegalStateException.class, UnsupportedOperationException.class })
		ResponseEntity<String> conflict(RuntimeException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT).body("conflict");
		}

	}

	@RestControllerAdvice
	static class SpringsHandler extends ResponseEntityExceptionHandler {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> any(Exception ex) {
			return ResponseEntity.internalServerError().body("failed");
		}

	}

}
