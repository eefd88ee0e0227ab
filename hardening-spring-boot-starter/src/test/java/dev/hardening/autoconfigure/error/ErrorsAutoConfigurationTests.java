package dev.hardening.autoconfigure.error;

import jakarta.validation.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
				WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void replacesBootsErrorControllerAndProblemDetailsHandler() {
		this.runner.withPropertyValues("spring.mvc.problemdetails.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(ProblemErrorController.class)
				.doesNotHaveBean(BasicErrorController.class)
				.hasSingleBean(ErrorController.class);
			assertThat(context).hasSingleBean(ResponseEntityExceptionHandler.class)
				.hasSingleBean(ProblemExceptionHandler.class);
			assertThat(context).hasSingleBean(ApiExceptionHandler.class)
				.hasSingleBean(ConstraintViolationExceptionHandler.class)
				.hasSingleBean(ProblemFactory.class)
				.hasSingleBean(ProblemResponseWriter.class)
				.hasSingleBean(ErrorPages.class)
				.hasSingleBean(ProblemPrecedenceResolver.class)
				.hasBean("hardeningUnhandledExceptionFilter");
		});
	}

	@Test
	void leavesBootsErrorHandlingAloneWhenDisabled() {
		this.runner.withPropertyValues("hardening.errors.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(BasicErrorController.class)
				.doesNotHaveBean(ProblemFactory.class)
				.doesNotHaveBean(ApiExceptionHandler.class)
				.doesNotHaveBean(ProblemPrecedenceResolver.class)
				.doesNotHaveBean("hardeningUnhandledExceptionFilter");
		});
	}

	@Test
	void keepsTheApplicationsErrorController() {
		this.runner.withBean("myErrorController", ErrorController.class, () -> new ErrorController() {
		}).run((context) -> assertThat(context).doesNotHaveBean(ProblemErrorController.class)
			.hasSingleBean(ErrorController.class));
	}

	@Test
	void keepsTheApplicationsExceptionHandlerButStillAnswersApiExceptions() {
		this.runner.withBean(MyExceptionHandler.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ProblemExceptionHandler.class)
				.hasSingleBean(ResponseEntityExceptionHandler.class)
				.hasSingleBean(ApiExceptionHandler.class);
		});
	}

	@Test
	void keepsTheApplicationsProblemFactory() {
		ProblemFactory custom = new ProblemFactory(null, true);
		this.runner.withBean(ProblemFactory.class, () -> custom)
			.run((context) -> assertThat(context.getBean(ProblemFactory.class)).isSameAs(custom));
	}

	@Test
	void doesWithoutBeanValidation() {
		this.runner.withClassLoader(new FilteredClassLoader(ConstraintViolationException.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ConstraintViolationExceptionHandler.class)
				.hasSingleBean(ApiExceptionHandler.class));
	}

	@Test
	void backsOffOutsideServletApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ProblemFactory.class));
	}

	@Test
	void failsAtStartupOnARelativeTypeBaseUri() {
		this.runner.withPropertyValues("hardening.errors.type-base-uri=errors/").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property hardening.errors.type-base-uri with value 'errors/' is invalid: It must be an "
						+ "absolute URI such as https://errors.example.com/.");
		});
	}

	@ControllerAdvice
	static class MyExceptionHandler extends ResponseEntityExceptionHandler {

	}

}
