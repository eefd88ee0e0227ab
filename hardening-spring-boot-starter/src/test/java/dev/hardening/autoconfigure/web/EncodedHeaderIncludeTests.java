package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hardening.autoconfigure.EncodedHeader;
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

	private List<String> head(String path) {
		String response = new TestHttp(this.port).raw(("GET " + path
				+ " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		assertThat(response).contains("outer inner");
		return response.lines().takeWhile((line) -> !line.isEmpty()).toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		ServletRegistrationBean<HttpServlet> outer() {
			return new ServletRegistrationBean<>(new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					try {
						EncodedHeader.of("X-Outer", "yes").addTo(response);
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
					response.getWriter().write("inner");
				}

			}, "/inner");
		}

	}

}
