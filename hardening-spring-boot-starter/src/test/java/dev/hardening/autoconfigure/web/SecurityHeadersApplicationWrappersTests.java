package dev.hardening.autoconfigure.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.hardening.autoconfigure.CommitAwareResponse;
import dev.hardening.autoconfigure.PassesEncodedHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response wrappers of the application's own between the security headers' filter and Tomcat (a
 * filter registered before it), which the one-look path must not walk past where they look at the
 * headers: one that drops a header added through it, one that says a header is there, one that
 * says the application set an X-Frame-Options, a {@link PassesEncodedHeaders} wrapper that says it
 * does not pass a header, subclasses of the starter's public {@link CommitAwareResponse} that
 * override {@code addHeader}, {@code containsHeader} or {@code passes}, and a plain wrapper whose
 * response is swapped mid-request for one that drops a header, Spring's
 * {@link ContentCachingResponseWrapper}. Read on the wire, one keep-alive
 * connection, each kind after another: each wrapper's answer is what the client sees, as it would
 * be had every header gone through the Servlet API.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = SecurityHeadersApplicationWrappersTests.TestApplication.class)
class SecurityHeadersApplicationWrappersTests {

	private static final Pattern STATUS = Pattern.compile("(?=HTTP/1\\.1 \\d{3} )");

	private static final String DROPPED = "Permissions-Policy";

	private static final String CLAIMED = "Referrer-Policy";

	private static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";

	private static final String API_CSP_SELF = "default-src 'none'; frame-ancestors 'self'";

	@LocalServerPort
	private int port;

	@Test
	void eachWrappersAnswerIsWhatTheClientSeesOnOneConnection() {
		List<String> kinds = List.of("none", "drop-add", "claims-contains", "claims-frame-options", "passes-not",
				"commit-aware", "commit-aware-drop-add", "commit-aware-claims-contains", "commit-aware-passes-not",
				"swapped", "content-caching", "none");
		List<String> requests = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			for (String kind : kinds) {
				for (String path : List.of("/json", "/own/xfo-lower")) {
					requests.add("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Wrap: " + kind + "\r\n");
					expected.add(kind + " " + path);
				}
			}
		}

		List<String> responses = pipelined(requests);

		assertThat(responses).hasSize(requests.size());
		for (int i = 0; i < responses.size(); i++) {
			String response = responses.get(i);
			String kind = expected.get(i).substring(0, expected.get(i).indexOf(' '));
			boolean own = expected.get(i).endsWith("/own/xfo-lower");
			String as = expected.get(i) + "\n" + response;
			assertThat(response).as(as).startsWith("HTTP/1.1 200 ");
			assertThat(values(response, "X-Content-Type-Options")).as(as).containsExactly("nosniff");
			assertThat(values(response, "Cross-Origin-Opener-Policy")).as(as).containsExactly("same-origin");
			boolean drops = kind.equals("drop-add") || kind.equals("passes-not") || kind.equals("commit-aware-drop-add")
					|| kind.equals("commit-aware-passes-not") || kind.equals("swapped");
			assertThat(values(response, DROPPED)).as(as).hasSize(drops ? 0 : 1);
			boolean claims = kind.equals("claims-contains") || kind.equals("commit-aware-claims-contains");
			assertThat(values(response, CLAIMED)).as(as).isEqualTo(claims ? List.of() : List.of("no-referrer"));
			if (own) {
				assertThat(values(response, "X-Frame-Options")).as(as).containsExactly("SAMEORIGIN");
				assertThat(values(response, "Content-Security-Policy")).as(as).containsExactly(API_CSP_SELF);
			}
			else if (kind.equals("claims-frame-options")) {
				// the wrapper says the application set SAMEORIGIN: none of ours, a policy to match
				assertThat(values(response, "X-Frame-Options")).as(as).isEmpty();
				assertThat(values(response, "Content-Security-Policy")).as(as).containsExactly(API_CSP_SELF);
			}
			else {
				assertThat(values(response, "X-Frame-Options")).as(as).containsExactly("DENY");
				assertThat(values(response, "Content-Security-Policy")).as(as).containsExactly(API_CSP);
			}
		}
	}

	private List<String> pipelined(List<String> requests) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < requests.size(); i++) {
			String head = requests.get(i) + ((i == requests.size() - 1) ? "Connection: close\r\n" : "") + "\r\n";
			bytes.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
		}
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(bytes.toByteArray());
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			String all = response.toString(StandardCharsets.ISO_8859_1);
			return List.of(STATUS.split(all)).stream().filter((part) -> !part.isEmpty()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> values(String response, String name) {
		String head = response.substring(0, response.indexOf("\r\n\r\n"));
		List<String> lines = List.of(head.split("\r\n", -1));
		return lines.subList(1, lines.size())
			.stream()
			.filter((line) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
			.map((line) -> line.substring(name.length() + 1).trim())
			.toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		/** Before the starter's filters: its wrapper lies between the security headers and Tomcat. */
		@Bean
		FilterRegistrationBean<Wrapping> wrapping() {
			FilterRegistrationBean<Wrapping> registration = new FilterRegistrationBean<>(new Wrapping());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	/** Wraps the response as the request's {@code X-Wrap} says. */
	static class Wrapping extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String kind = request.getHeader("X-Wrap");
			HttpServletResponse wrapped = (kind != null) ? wrap(kind, response) : response;
			if ("swapped".equals(kind)) {
				request.setAttribute(Swappable.class.getName(), wrapped);
			}
			try {
				chain.doFilter(request, wrapped);
			}
			finally {
				if (wrapped instanceof CommitAwareResponse commitAware) {
					commitAware.committing();
				}
				if (wrapped instanceof ContentCachingResponseWrapper caching) {
					caching.copyBodyToResponse();
				}
			}
		}

		private static HttpServletResponse wrap(String kind, HttpServletResponse response) {
			return switch (kind) {
				case "drop-add" -> new DroppingAdd(response);
				case "claims-contains" -> new HttpServletResponseWrapper(response) {
					@Override
					public boolean containsHeader(String name) {
						return CLAIMED.equalsIgnoreCase(name) || super.containsHeader(name);
					}
				};
				case "claims-frame-options" -> new HttpServletResponseWrapper(response) {
					@Override
					public String getHeader(String name) {
						return "X-Frame-Options".equalsIgnoreCase(name) ? "SAMEORIGIN" : super.getHeader(name);
					}
				};
				case "passes-not" -> new PassingNot(response);
				case "commit-aware" -> new CommitAwareResponse(response, false) {
					@Override
					protected void onCommit(int status) {
					}
				};
				case "commit-aware-drop-add" -> new CommitAwareResponse(response, false) {
					@Override
					protected void onCommit(int status) {
					}

					@Override
					public void addHeader(String name, String value) {
						if (!DROPPED.equalsIgnoreCase(name)) {
							super.addHeader(name, value);
						}
					}
				};
				case "commit-aware-claims-contains" -> new CommitAwareResponse(response, false) {
					@Override
					protected void onCommit(int status) {
					}

					@Override
					public boolean containsHeader(String name) {
						return CLAIMED.equalsIgnoreCase(name) || super.containsHeader(name);
					}
				};
				case "commit-aware-passes-not" -> new CommitAwareResponse(response, false) {
					@Override
					protected void onCommit(int status) {
					}

					@Override
					public boolean passes(String name) {
						return super.passes(name) && !DROPPED.equalsIgnoreCase(name);
					}

					@Override
					public void addHeader(String name, String value) {
						if (!DROPPED.equalsIgnoreCase(name)) {
							super.addHeader(name, value);
						}
					}
				};
				case "swapped" -> new Swappable(response);
				// Spring's own, as ShallowEtagHeaderFilter uses it: it answers containsHeader and
				// getHeader itself, and holds the body until the chain is done
				case "content-caching" -> new ContentCachingResponseWrapper(response);
				default -> response;
			};
		}

	}

	static final class DroppingAdd extends HttpServletResponseWrapper {

		DroppingAdd(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void addHeader(String name, String value) {
			if (!DROPPED.equalsIgnoreCase(name)) {
				super.addHeader(name, value);
			}
		}

	}

	static final class PassingNot extends HttpServletResponseWrapper implements PassesEncodedHeaders {

		PassingNot(HttpServletResponse response) {
			super(response);
		}

		@Override
		public boolean passes(String name) {
			return !DROPPED.equalsIgnoreCase(name);
		}

		@Override
		public void addHeader(String name, String value) {
			if (passes(name)) {
				super.addHeader(name, value);
			}
		}

	}

	/** A plain wrapper, whose response the controller swaps for one that drops a header. */
	static final class Swappable extends HttpServletResponseWrapper {

		Swappable(HttpServletResponse response) {
			super(response);
		}

	}

	@RestController
	static class TestController {

		@GetMapping("/json")
		Map<String, String> json(HttpServletRequest request) {
			swap(request);
			return Map.of("a", "b");
		}

		@GetMapping("/own/xfo-lower")
		Map<String, String> xfoLower(HttpServletRequest request, HttpServletResponse response) {
			swap(request);
			response.setHeader("x-frame-options", "SAMEORIGIN");
			return Map.of("a", "b");
		}

		private static void swap(HttpServletRequest request) {
			if (request.getAttribute(Swappable.class.getName()) instanceof Swappable swappable) {
				swappable.setResponse(new DroppingAdd((HttpServletResponse) swappable.getResponse()));
			}
		}

	}

}
