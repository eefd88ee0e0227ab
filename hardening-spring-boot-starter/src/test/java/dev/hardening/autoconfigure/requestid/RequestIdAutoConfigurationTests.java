package dev.hardening.autoconfigure.requestid;

import dev.hardening.autoconfigure.FilterOrder;
import dev.hardening.requestid.RequestIdGenerator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestIdAutoConfiguration.class));

	@Test
	void registersTheFilterFirstInTheChain() {
		this.runner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("hardeningRequestIdFilter", FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RequestIdFilter.class);
			assertThat(registration.getOrder()).isEqualTo(FilterOrder.REQUEST_ID);
			assertThat(context).hasSingleBean(RequestIdGenerator.class);
		});
	}

	@Test
	void usesTheConfiguredHeaderAndTrust() {
		this.runner.withPropertyValues("hardening.request-id.header=X-Correlation-ID",
				"hardening.request-id.trust-incoming=false")
			.run((context) -> {
				RequestIdFilter filter = (RequestIdFilter) context.getBean("hardeningRequestIdFilter", FilterRegistrationBean.class)
					.getFilter();
				MockHttpServletRequest request = new MockHttpServletRequest();
				request.addHeader("X-Correlation-ID", "incoming");
				MockHttpServletResponse response = new MockHttpServletResponse();

				filter.doFilter(request, response, (req, res) -> {
				});

				assertThat(response.getHeader("X-Correlation-ID")).isNotNull().isNotEqualTo("incoming");
			});
	}

	@Test
	void usesTheApplicationsGenerator() {
		this.runner.withBean(RequestIdGenerator.class, () -> () -> "custom").run((context) -> {
			RequestIdFilter filter = (RequestIdFilter) context.getBean("hardeningRequestIdFilter", FilterRegistrationBean.class)
				.getFilter();
			MockHttpServletResponse response = new MockHttpServletResponse();

			filter.doFilter(new MockHttpServletRequest(), response, (req, res) -> {
			});

			assertThat(response.getHeader("X-Request-ID")).isEqualTo("custom");
		});
	}

	@Test
	void propagatesToRestClientsAndRestTemplatesUnlessTurnedOff() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RestClientCustomizer.class)
			.hasSingleBean(RestTemplateCustomizer.class));
		this.runner.withPropertyValues("hardening.request-id.propagate=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RestClientCustomizer.class)
				.doesNotHaveBean(RestTemplateCustomizer.class)
				.hasBean("hardeningRequestIdFilter"));
		this.runner.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class))
			.run((context) -> assertThat(context).hasNotFailed().hasBean("hardeningRequestIdFilter"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("hardening.request-id.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("hardeningRequestIdFilter")
				.doesNotHaveBean(RequestIdGenerator.class));
	}

	@Test
	void backsOffOutsideServletApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RequestIdAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean("hardeningRequestIdFilter"));
	}

	@Test
	void failsAtStartupOnAHeaderNameThatIsNotAToken() {
		this.runner.withPropertyValues("hardening.request-id.header=X Request ID").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("Property hardening.request-id.header with value 'X Request ID' is invalid: It must be an HTTP "
						+ "header name (letters, digits and !#$%&'*+-.^_`|~), for example X-Request-ID.");
		});
	}

}
