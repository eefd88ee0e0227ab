package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hardening.autoconfigure.EncodedHeader;
import dev.hardening.autoconfigure.EncodedHeaderName;
import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real Tomcat, a header added inside an {@code include} is ignored, as the Servlet
 * specification has it, whether added as text or as bytes: Tomcat hands the included resource a
 * wrapper whose {@code addHeader} ignores it, and a wrapper that overrides {@code addHeader} is
 * never passed. (Tomcat never sets the {@code included} flag of its own response.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = EncodedHeaderIncludeTests.TestApplication.class)
class EncodedHeaderIncludeTests {

	@LocalServerPort
	private int port;

	@Test
	void aHeaderAddedInsideAnIncludeIsIgnoredAsText() {
		List<String> head = head("/outer");

		assertThat(head).contains("X-Outer: yes");
		assertThat(head).noneMatch((line) -> line.startsWith("X-Included"));
	}

	/**
	 * A value of a name encoded at startup (a request ID, an ETag), set or added inside an
	 * include, is ignored too, and does not replace the value the including resource set.
	 */
	@Test
	void aValueSetOrAddedInsideAnIncludeIsIgnored() {
		List<String> head = head("/outer");

		assertThat(head).filteredOn((line) -> line.startsWith("X-Outer-Id:")).containsExactly("X-Outer-Id: outer-1");
		assertThat(head).noneMatch((line) -> line.startsWith("X-Included"));
	}

	/** A forwarded resource's value is set, replacing the one set before the forward, as setHeader does. */
	@Test
	void aValueSetInsideAForwardIsSet() {
		String response = new TestHttp(this.port).raw(("GET /forwarding HTTP/1.1\r\nHost: localhost\r\n"
				+ "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		List<String> head = response.lines().takeWhile((line) -> !line.isEmpty()).toList();

		assertThat(response).contains("forwarded");
		assertThat(head).filteredOn((line) -> line.startsWith("X-Outer-Id:")).containsExactly("X-Outer-Id: forwarded-22");
		assertThat(head).filteredOn((line) -> line.startsWith("X-Forwarded-Add:")).containsExactly("X-Forwarded-Add: a");
	}

	private List<String> head(String path) {
		String response = new TestHttp(this.port).raw(("GET " + path
				+ " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		assertThat(response).contains("outer inner");
		return response.lines().takeWhile((line) -> !line.isEmpty()).toList();
	}

	private static final EncodedHeaderName OUTER_ID = EncodedHeaderName.of("X-Outer-Id");

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		ServletRegistrationBean<HttpServlet> forwarding() {
			return new ServletRegistrationBean<>(new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					try {
						OUTER_ID.set(response, "before-forward-1");
						request.getRequestDispatcher("/forwarded").forward(request, response);
					}
					catch (jakarta.servlet.ServletException ex) {
						throw new IOException(ex);
					}
				}

			}, "/forwarding");
		}

		@Bean
		ServletRegistrationBean<HttpServlet> forwarded() {
			return new ServletRegistrationBean<>(new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					OUTER_ID.set(response, "forwarded-22");
					EncodedHeaderName.of("X-Forwarded-Add").add(response, "a");
					response.setContentType("text/plain");
					response.getWriter().write("forwarded");
				}

			}, "/forwarded");
		}

		@Bean
		ServletRegistrationBean<HttpServlet> outer() {
			return new ServletRegistrationBean<>(new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					try {
						EncodedHeader.of("X-Outer", "yes").addTo(response);
						OUTER_ID.set(response, "outer-1");
						response.setContentType("text/plain");
						response.getWriter().write("outer ");
						request.getRequestDispatcher("/inner").include(request, response);
					}
					catch (jakarta.servlet.ServletException ex) {
						throw new IOException(ex);
					}
				}

			}, "/outer");
		}

		@Bean
		ServletRegistrationBean<HttpServlet> inner() {
			return new ServletRegistrationBean<>(new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					EncodedHeader.of("X-Included-Bytes", "yes").addTo(response);
					response.addHeader("X-Included-Text", "yes");
					EncodedHeaderName.of("X-Included-Set").set(response, "yes");
					EncodedHeaderName.of("X-Included-Add").add(response, "yes");
					OUTER_ID.set(response, "inner-2");
					OUTER_ID.add(response, "inner-3");
					response.getWriter().write("inner");
				}

			}, "/inner");
		}

	}

}
