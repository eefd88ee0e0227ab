package dev.hardening.autoconfigure.error;

import java.util.List;
import java.util.Map;

import dev.hardening.error.ErrorCode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error page's negotiation, without a server: which view a browser gets, what its model
 * holds, and the problem where the application has no view at all.
 */
class ProblemErrorControllerTests {

	private static final String BROWSER = HtmlErrorPagesTests.BROWSER;

	private final ProblemFactory factory = new ProblemFactory(null, true);

	@Test
	void aBrowserGetsTheErrorViewWithTheCodeAndNothingOfTheFailure() {
		ProblemErrorController controller = new ProblemErrorController(this.factory, new LeakyErrorAttributes(),
				List.of(), true);
		MockHttpServletRequest request = errorDispatch(500, BROWSER);
		request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret"));

		Object answer = controller.error(request, new MockHttpServletResponse());

		assertThat(answer).isInstanceOf(ModelAndView.class);
		ModelAndView page = (ModelAndView) answer;
		assertThat(page.getViewName()).isEqualTo("error");
		assertThat(page.getModel()).containsEntry("code", "INTERNAL_ERROR")
			.containsEntry("status", 500)
			.doesNotContainKeys("message", "trace", "exception", "errors");
	}

	@Test
	void theProblemHandedToThePageGivesItsCode() {
		ProblemErrorController controller = new ProblemErrorController(this.factory, new DefaultErrorAttributes(),
				List.of(), true);
		MockHttpServletRequest request = errorDispatch(409, BROWSER);
		ProblemDetail problem = this.factory.create(ErrorCode.of("PROJECT_ARCHIVED", 409, "Project archived"), "x");
		request.setAttribute(ErrorPages.PROBLEM_ATTRIBUTE, problem);

		ModelAndView page = (ModelAndView) controller.error(request, new MockHttpServletResponse());

		assertThat(page.getModel()).containsEntry("code", "PROJECT_ARCHIVED");
	}

	@Test
	void aBrowserGetsTheProblemWhereTheApplicationHasNoErrorView() {
		ProblemErrorController controller = new ProblemErrorController(this.factory, new DefaultErrorAttributes(),
				List.of(), false);

		Object answer = controller.error(errorDispatch(404, BROWSER), new MockHttpServletResponse());

		assertThat(answer).isInstanceOf(ResponseEntity.class);
		assertThat(((ProblemDetail) ((ResponseEntity<?>) answer).getBody()).getProperties()).containsEntry("code",
				"NOT_FOUND");
	}

	@Test
	void apiClientsAndTheErrorPathItselfGetTheProblem() {
		ProblemErrorController controller = new ProblemErrorController(this.factory, new DefaultErrorAttributes(),
				List.of(), true);
		assertThat(controller.error(errorDispatch(404, "application/json"), new MockHttpServletResponse()))
			.isInstanceOf(ResponseEntity.class);
		MockHttpServletRequest direct = new MockHttpServletRequest("GET", "/error");
		direct.addHeader("Accept", BROWSER);
		assertThat(controller.error(direct, new MockHttpServletResponse())).isInstanceOf(ResponseEntity.class);
	}

	@Test
	void theErrorViewIsBootsWhitelabelUnlessItIsOff() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, ErrorMvcAutoConfiguration.class,
					WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class));
		runner.run((context) -> assertThat(context.getBean(ProblemErrorController.class)
			.error(errorDispatch(404, BROWSER), new MockHttpServletResponse())).isInstanceOf(ModelAndView.class));
		runner.withPropertyValues("spring.web.error.whitelabel.enabled=false")
			.run((context) -> assertThat(context.getBean(ProblemErrorController.class)
				.error(errorDispatch(404, BROWSER), new MockHttpServletResponse())).isInstanceOf(ResponseEntity.class));
	}

	private static MockHttpServletRequest errorDispatch(int status, String accept) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setDispatcherType(DispatcherType.ERROR);
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/things");
		request.addHeader("Accept", accept);
		return request;
	}

	/** An application's error attributes that put the failure in the model whatever they are asked. */
	static class LeakyErrorAttributes extends DefaultErrorAttributes {

		@Override
		public Map<String, Object> getErrorAttributes(WebRequest webRequest, ErrorAttributeOptions options) {
			Map<String, Object> attributes = super.getErrorAttributes(webRequest,
					options.including(ErrorAttributeOptions.Include.values()));
			attributes.put("message", "secret");
			return attributes;
		}

	}

}
