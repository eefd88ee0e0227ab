package dev.hardening.autoconfigure.web;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import dev.hardening.autoconfigure.PathPatterns;
import dev.hardening.web.TrustedProxies;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static dev.hardening.autoconfigure.web.SecurityHeaderProfilesTests.API_CSP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter adds each header of the profile once, and only where the response has none: a
 * header set before the filter ran, by a filter in front of it or on the container's response,
 * never went through the filter's wrapper, and is still kept as it is.
 */
class SecurityHeadersFilterTests {

	private static final byte[] BODY = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

	private final SecurityHeadersFilter filter = new SecurityHeadersFilter(
			SecurityHeaders.of(new SecurityHeadersProperties()), PathPatterns.of(List.of(), "", List.of(), ""),
			new ClientAddressResolver(TrustedProxies.none()));

	@Test
	void addsEveryHeaderOfTheProfileOnceToAResponseThatHasNone() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(secure(), response, json());

		for (String name : SecurityHeaders.of(new SecurityHeadersProperties()).api().names()) {
			assertThat(response.getHeaders(name)).as(name).hasSize(1);
		}
		assertThat(response.getHeaders("Content-Security-Policy")).containsExactly(API_CSP);
		assertThat(response.getHeaders("Strict-Transport-Security")).containsExactly("max-age=31536000; includeSubDomains");
	}

	@Test
	void keepsHeadersSetBeforeTheFilterRanWithoutASecondValue() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		// set by a filter in front of this one, on the response this one wraps
		response.setHeader("X-Frame-Options", "SAMEORIGIN");
		response.setHeader("x-content-type-options", "nosniff");
		response.setHeader("Referrer-Policy", "same-origin");
		response.setHeader("Strict-Transport-Security", "max-age=60");
		response.setHeader("Content-Security-Policy", "default-src 'self'");

		this.filter.doFilter(secure(), response, json());

		assertThat(response.getHeaders("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(response.getHeaders("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(response.getHeaders("Referrer-Policy")).containsExactly("same-origin");
		assertThat(response.getHeaders("Strict-Transport-Security")).containsExactly("max-age=60");
		assertThat(response.getHeaders("Content-Security-Policy")).containsExactly("default-src 'self'");
		assertThat(response.getHeaders("Cross-Origin-Resource-Policy")).containsExactly("same-origin");
	}

	@Test
	void anApplicationsFrameOptionsSetBeforeTheFilterRanChoosesThePolicy() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("X-Frame-Options", "SAMEORIGIN");

		this.filter.doFilter(secure(), response, json());

		assertThat(response.getHeaders("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(response.getHeaders("Content-Security-Policy"))
			.containsExactly("default-src 'none'; frame-ancestors 'self'");
	}

	@Test
	void needsNoParsedPathWhenBrowserPathsMatchEveryPathOrNoneOrARequestNotUnderThem() throws Exception {
		for (List<String> browserPaths : List.of(List.<String>of(), List.of("/**"), List.of("/docs/**"))) {
			MockHttpServletRequest request = secure();

			filter(browserPaths).doFilter(request, new MockHttpServletResponse(), json());

			assertThat(Collections.list(request.getAttributeNames())).as("%s", browserPaths)
				.noneMatch((name) -> name.startsWith(PathPatterns.class.getName()));
		}
	}

	@Test
	void anErrorDispatchMatchesThePathOfTheRequestThatFailed() throws Exception {
		SecurityHeadersFilter filter = filter(List.of("/{section}/docs/**"));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/docs/page");
		MockHttpServletResponse failed = new MockHttpServletResponse();
		filter.doFilter(request, failed, (req, res) -> ((HttpServletResponse) res).sendError(404));
		assertThat(failed.getHeader("Content-Security-Policy")).startsWith("default-src 'self'");

		// the error page's dispatch: the same request, the error page's URI
		request.setDispatcherType(DispatcherType.ERROR);
		request.setRequestURI("/error");
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/v1/docs/page");
		MockHttpServletResponse errorPage = new MockHttpServletResponse();
		filter.doFilter(request, errorPage, json());

		assertThat(errorPage.getHeader("Content-Security-Policy")).startsWith("default-src 'self'");

		// an error of a request not on the browser paths keeps the API profile
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/v1/api/page");
		MockHttpServletResponse apiError = new MockHttpServletResponse();
		filter.doFilter(request, apiError, json());

		assertThat(apiError.getHeaders("Content-Security-Policy")).containsExactly(API_CSP);
	}

	private static SecurityHeadersFilter filter(List<String> browserPaths) {
		return new SecurityHeadersFilter(SecurityHeaders.of(new SecurityHeadersProperties()),
				PathPatterns.of(browserPaths, "", List.of(), ""), new ClientAddressResolver(TrustedProxies.none()));
	}

	private static MockHttpServletRequest secure() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items/1");
		request.setSecure(true);
		return request;
	}

	private static FilterChain json() {
		return (request, response) -> {
			HttpServletResponse http = (HttpServletResponse) response;
			http.setContentType("application/json");
			http.setContentLength(BODY.length);
			http.getOutputStream().write(BODY);
		};
	}

}
