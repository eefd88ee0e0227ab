package dev.hardening.autoconfigure.etag;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
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
 * A write the application lets a {@code POST} stand for (Boot's {@code HiddenHttpMethodFilter})
 * on a servlet of the application's own, which no Spring MVC interceptor sees: the requirement's
 * filter, last in the chain, asks again as the request reaches the servlet.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = IfMatchRequirementPlainServletTests.App.class,
		properties = { "hardening.etag.require-if-match=/files/**", "spring.mvc.hiddenmethod.filter.enabled=true" })
class IfMatchRequirementPlainServletTests {

	static final List<String> WRITES = new CopyOnWriteArrayList<>();

	@LocalServerPort
	private int port;

	@BeforeEach
	void clear() {
		WRITES.clear();
	}

	@Test
	void aPutSentAsAPostToAPlainServletMustBeConditional() {
		EtagWire.Response response = new EtagWire(this.port).send("POST", "/files/a", "_method=PUT", "Content-Type",
				"application/x-www-form-urlencoded");

		assertThat(WRITES).as(response.toString()).isEmpty();
		assertThat(response.status()).as(response.toString()).isEqualTo(428);
		assertThat(response.body()).contains("\"code\":\"PRECONDITION_REQUIRED\"");
	}

	@Test
	void aPutSentAsAPostWithIfMatchReachesTheServlet() {
		EtagWire.Response response = new EtagWire(this.port).send("POST", "/files/a", "_method=PUT", "Content-Type",
				"application/x-www-form-urlencoded", "If-Match", "\"1\"");

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(WRITES).containsExactly("PUT /files/a");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		ServletRegistrationBean<HttpServlet> files() {
			return new ServletRegistrationBean<>(new HttpServlet() {

				@Override
				protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
					WRITES.add("PUT " + request.getRequestURI());
					response.getWriter().write("written");
				}

			}, "/files/*");
		}

	}

}
