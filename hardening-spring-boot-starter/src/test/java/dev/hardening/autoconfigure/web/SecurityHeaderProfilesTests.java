package dev.hardening.autoconfigure.web;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.hardening.autoconfigure.TestHttp;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile of security headers is chosen per response, from the Content-Type the application
 * gave it, when it commits: pages and static resources get the browser profile, JSON, problems
 * and XML the API profile, with no {@code browser-paths} configured. Through a real Tomcat, as
 * the commit is what matters.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = SecurityHeaderProfilesTests.TestApplication.class)
class SecurityHeaderProfilesTests {

	static final String BROWSER_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";

	/** Every header either profile may carry, compared between a GET and its HEAD or 304. */
	static final List<String> PROFILE_HEADERS = List.of("Content-Security-Policy", "X-Frame-Options",
			"X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
			"Permissions-Policy", "X-Permitted-Cross-Domain-Policies");

	@LocalServerPort
	private int port;

	private TestHttp http;

	@BeforeEach
	void setUp() {
		this.http = new TestHttp(this.port);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/pages/home", "/pages/written", "/pages/xhtml", "/profiles/page.html" })
	void anHtmlPageGetsTheBrowserProfileWithNoBrowserPathsConfigured(String path) {
		HttpResponse<String> page = this.http.get(path);

		assertThat(page.statusCode()).isEqualTo(200);
		assertBrowserProfile(page);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/profiles/app.css", "/profiles/app.js", "/profiles/logo.png", "/profiles/icon.svg",
			"/profiles/font.woff2", "/profiles/app.js.map", "/profiles/site.webmanifest" })
	void aStaticResourceGetsNoSameOriginResourcePolicyAndNoPolicyThatBlocksIt(String path) {
		HttpResponse<String> resource = this.http.get(path);

		assertThat(resource.statusCode()).isEqualTo(200);
		assertThat(resource.headers().firstValue("Content-Type")).get().asString()
			.doesNotContain("json", "text/xml", "application/xml", "html");
		assertThat(resource.headers().allValues("Cross-Origin-Resource-Policy")).as(path).isEmpty();
		assertThat(resource.headers().allValues("Content-Security-Policy")).as(path)
			.noneMatch((csp) -> csp.contains("'none'; frame") || csp.startsWith("default-src 'none'"));
		assertBrowserProfile(resource);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/data", "/api/hal", "/api/xml", "/api/missing" })
	void jsonProblemsAndXmlKeepTheWholeApiProfile(String path) {
		HttpResponse<String> response = this.http.get(path);

		assertThat(response.headers().firstValue("Content-Type")).get().asString().containsAnyOf("json", "xml");
		assertApiProfile(response);
	}

	@Test
	void theApplicationsSameOriginFrameOptionsMakeOurFrameAncestorsSelfWithNoSecondFrameOptions() {
		HttpResponse<String> page = this.http.get("/pages/framed?options=SAMEORIGIN");
		HttpResponse<String> lowerCase = this.http.get("/pages/framed?options=sameorigin");
		HttpResponse<String> json = this.http.get("/api/framed?options=SAMEORIGIN");

		assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(page.headers().allValues("Content-Security-Policy"))
			.containsExactly(BROWSER_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
		assertThat(lowerCase.headers().allValues("X-Frame-Options")).containsExactly("sameorigin");
		assertThat(lowerCase.headers().allValues("Content-Security-Policy"))
			.containsExactly(BROWSER_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
		assertThat(json.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(json.headers().allValues("Content-Security-Policy"))
			.containsExactly("default-src 'none'; frame-ancestors 'self'");
	}

	@Test
	void theApplicationsDenyKeepsFrameAncestorsNoneAndAnotherValueLeavesFramingToIt() {
		HttpResponse<String> deny = this.http.get("/pages/framed?options=DENY");
		HttpResponse<String> allowFrom = this.http.get("/pages/framed?options=ALLOW-FROM%20https://partner.example");

		assertThat(deny.headers().allValues("X-Frame-Options")).containsExactly("DENY");
		assertThat(deny.headers().allValues("Content-Security-Policy")).containsExactly(BROWSER_CSP);
		assertThat(allowFrom.headers().allValues("X-Frame-Options")).containsExactly("ALLOW-FROM https://partner.example");
		assertThat(allowFrom.headers().allValues("Content-Security-Policy"))
			.containsExactly(BROWSER_CSP.replace("; frame-ancestors 'none'", ""));
	}

	// GET bodies are held by the ETag filter until the chain ends; other methods stream at once

	@ParameterizedTest
	@ValueSource(strings = { "GET", "POST" })
	void frameOptionsASecurityFilterWritesAtCommitAreFollowed(String method) {
		HttpResponse<String> page = this.http.send(method, "/pages/home", method.equals("GET") ? null : "",
				"X-Test-Frame-Options", "SAMEORIGIN");
		HttpResponse<String> json = this.http.send(method, "/api/data", method.equals("GET") ? null : "",
				"X-Test-Frame-Options", "SAMEORIGIN");

		assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(page.headers().allValues("Content-Security-Policy"))
			.containsExactly(BROWSER_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
		assertThat(json.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
		assertThat(json.headers().allValues("Content-Security-Policy"))
			.containsExactly("default-src 'none'; frame-ancestors 'self'");
	}

	@Test
	void thePolicyAnHtmlPageSetsItselfIsLeftAlone() {
		HttpResponse<String> page = this.http.get("/pages/own-policy");

		assertThat(page.headers().allValues("Content-Security-Policy")).containsExactly("script-src 'self' 'nonce-abc'");
		assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("DENY");
		assertThat(page.headers().allValues("Cross-Origin-Resource-Policy")).isEmpty();
	}

	@Test
	void aProblemAnsweringAPageRequestGetsTheApiProfile() {
		HttpResponse<String> typeMismatch = this.http.get("/pages/books/not-a-number");
		HttpResponse<String> thrownAfterTheTypeWasSet = this.http.get("/pages/failing");

		assertThat(typeMismatch.statusCode()).isEqualTo(400);
		assertApiProfile(typeMismatch);
		assertThat(thrownAfterTheTypeWasSet.statusCode()).isEqualTo(500);
		assertApiProfile(thrownAfterTheTypeWasSet);
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "text/html", "*/*" })
	void anErrorSentFromAPageGetsTheProfileOfTheErrorAnswer(String accept) {
		HttpResponse<String> error = this.http.get("/pages/send-error", "Accept", accept);

		assertThat(error.statusCode()).isEqualTo(409);
		assertProfileFollowsTheType(error);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/pages/home", "/profiles/app.css", "/profiles/page.html", "/api/data" })
	void headGetsTheProfileOfGet(String path) {
		HttpResponse<String> get = this.http.get(path);
		HttpResponse<String> head = this.http.send("HEAD", path, null);

		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(profileHeaders(head.headers())).isEqualTo(profileHeaders(get.headers()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/pages/written", "/profiles/app.css", "/profiles/logo.png", "/api/data" })
	void aNotModifiedAnswerToIfNoneMatchGetsTheProfileOfGet(String path) {
		HttpResponse<String> get = this.http.get(path);
		String etag = get.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> notModified = this.http.get(path, "If-None-Match", etag);

		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(profileHeaders(notModified.headers())).isEqualTo(profileHeaders(get.headers()));
	}

	/**
	 * A {@code 304} the application answers before it knows a Content-Type (Spring's static
	 * resource handler on If-Modified-Since, a {@code ResponseEntity} with an ETag) carries no header
	 * value the {@code GET} would not, as a cache merges the {@code 304}'s headers into the stored
	 * response.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/profiles/app.css", "/profiles/page.html", "/api/versioned", "/pages/versioned" })
	void aNotModifiedAnswerWithoutContentTypeNeverContradictsTheGet(String path) {
		HttpResponse<String> get = this.http.get(path);
		String lastModified = get.headers().firstValue("Last-Modified").orElse(null);
		HttpResponse<String> notModified = (lastModified != null)
				? this.http.get(path, "If-Modified-Since", lastModified)
				: this.http.get(path, "If-None-Match", get.headers().firstValue("ETag").orElseThrow());

		assertThat(notModified.statusCode()).isEqualTo(304);
		Map<String, List<String>> got = profileHeaders(get.headers());
		profileHeaders(notModified.headers()).forEach((name, values) -> assertThat(values).as(name)
			.isEqualTo(got.getOrDefault(name, List.of())));
		assertThat(notModified.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/nothing", "/pages/moved" })
	void anAnswerWithNeitherTypeNorBodyGetsOnlyTheHeadersBothProfilesShare(String path) {
		HttpResponse<String> response = this.http.get(path);

		assertThat(response.statusCode()).isIn(204, 302);
		assertThat(profileHeaders(response.headers())).containsOnlyKeys("X-Frame-Options", "X-Content-Type-Options",
				"Cross-Origin-Opener-Policy", "Permissions-Policy", "X-Permitted-Cross-Domain-Policies");
	}

	@Test
	void aBodyWithoutAContentTypeGetsTheApiProfile() {
		HttpResponse<String> response = this.http.send("POST", "/raw/untyped", "");

		assertThat(response.headers().firstValue("Content-Type")).isEmpty();
		assertThat(response.body()).isEqualTo("<p>untyped</p>");
		assertApiProfile(response);
	}

	@Test
	void anAsynchronousAnswerGetsTheProfileOfItsType() {
		assertApiProfile(this.http.get("/api/later"));
		assertBrowserProfile(this.http.get("/pages/later"));
		HttpResponse<String> streamed = this.http.get("/pages/streamed");
		assertThat(streamed.body()).isEqualTo(TestController.PAGE);
		assertBrowserProfile(streamed);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/data", "/api/data;x.css", "/api/%64ata", "/api/data.css", "/api/data?x.css",
			"/api/data/x.html", "/api/data;jsessionid=1.html" })
	void theClientCannotChooseTheProfileOfAnApiResponse(String path) {
		for (String accept : new String[] { "text/html", "text/css", "image/png", "*/*" }) {
			HttpResponse<String> response = this.http.get(path, "Accept", accept, "Sec-Fetch-Dest", "document");

			if (response.statusCode() == 200) {
				assertThat(response.headers().firstValue("Content-Type")).as(path).get().asString().contains("json");
			}
			assertProfileFollowsTheType(response);
		}
		for (String reached : new String[] { "/api/data;x.css", "/api/%64ata", "/api/data?x.css" }) {
			HttpResponse<String> response = this.http.get(reached, "Accept", "text/html,*/*;q=0.8");
			assertThat(response.statusCode()).as(reached).isEqualTo(200);
			assertApiProfile(response);
		}
	}

	static void assertBrowserProfile(HttpResponse<String> response) {
		HttpHeaders headers = response.headers();
		String what = response.uri().getRawPath();
		assertThat(headers.allValues("Content-Security-Policy")).as(what).containsExactly(BROWSER_CSP);
		assertThat(headers.allValues("X-Frame-Options")).as(what).containsExactly("DENY");
		assertThat(headers.allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
		assertThat(headers.allValues("Referrer-Policy")).as(what).containsExactly("strict-origin-when-cross-origin");
		assertThat(headers.allValues("Cross-Origin-Opener-Policy")).as(what).containsExactly("same-origin");
		assertThat(headers.allValues("Cross-Origin-Resource-Policy")).as(what).isEmpty();
		assertThat(headers.allValues("Permissions-Policy")).as(what).hasSize(1);
		assertThat(headers.allValues("X-Permitted-Cross-Domain-Policies")).as(what).containsExactly("none");
	}

	static void assertApiProfile(HttpResponse<String> response) {
		HttpHeaders headers = response.headers();
		String what = response.uri().getRawPath();
		assertThat(headers.allValues("Content-Security-Policy")).as(what).containsExactly(API_CSP);
		assertThat(headers.allValues("X-Frame-Options")).as(what).containsExactly("DENY");
		assertThat(headers.allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
		assertThat(headers.allValues("Referrer-Policy")).as(what).containsExactly("no-referrer");
		assertThat(headers.allValues("Cross-Origin-Opener-Policy")).as(what).containsExactly("same-origin");
		assertThat(headers.allValues("Cross-Origin-Resource-Policy")).as(what).containsExactly("same-origin");
		assertThat(headers.allValues("Permissions-Policy")).as(what).hasSize(1);
		assertThat(headers.allValues("X-Permitted-Cross-Domain-Policies")).as(what).containsExactly("none");
	}

	static void assertProfileFollowsTheType(HttpResponse<String> response) {
		String type = response.headers().firstValue("Content-Type").orElseThrow();
		if (type.contains("json")) {
			assertApiProfile(response);
		}
		else {
			assertThat(type).startsWith("text/html");
			assertBrowserProfile(response);
		}
	}

	static Map<String, List<String>> profileHeaders(HttpHeaders headers) {
		Map<String, List<String>> profile = new LinkedHashMap<>();
		for (String name : PROFILE_HEADERS) {
			List<String> values = headers.allValues(name);
			if (!values.isEmpty()) {
				profile.put(name, values);
			}
		}
		return profile;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

		/** Where Spring Security's filter chain sits, writing X-Frame-Options as its HeaderWriterFilter does. */
		@Bean
		FilterRegistrationBean<FrameOptionsAtCommit> frameOptionsAtCommit() {
			FilterRegistrationBean<FrameOptionsAtCommit> registration = new FilterRegistrationBean<>(
					new FrameOptionsAtCommit());
			registration.setOrder(-100);
			return registration;
		}

	}

	/**
	 * Spring Security's {@code frameOptions().sameOrigin()} in small: writes X-Frame-Options, if
	 * absent, when the response commits (a flush or close of the response or its stream, a write
	 * that completes the declared Content-Length) or the chain ends, as its
	 * {@code HeaderWriterFilter} does.
	 */
	static class FrameOptionsAtCommit extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String options = request.getHeader("X-Test-Frame-Options");
			if (options == null) {
				chain.doFilter(request, response);
				return;
			}
			OnCommit wrapper = new OnCommit(response, options);
			try {
				chain.doFilter(request, wrapper);
			}
			finally {
				wrapper.write();
			}
		}

		static final class OnCommit extends HttpServletResponseWrapper {

			private final String options;

			private long contentLength = -1;

			private long bytes;

			OnCommit(HttpServletResponse response, String options) {
				super(response);
				this.options = options;
			}

			void write() {
				HttpServletResponse response = (HttpServletResponse) getResponse();
				if (!response.isCommitted() && !response.containsHeader("X-Frame-Options")) {
					response.setHeader("X-Frame-Options", this.options);
				}
			}

			@Override
			public void setContentLength(int length) {
				this.contentLength = length;
				super.setContentLength(length);
			}

			@Override
			public void setContentLengthLong(long length) {
				this.contentLength = length;
				super.setContentLengthLong(length);
			}

			@Override
			public void setHeader(String name, String value) {
				if ("Content-Length".equalsIgnoreCase(name)) {
					this.contentLength = Long.parseLong(value);
				}
				super.setHeader(name, value);
			}

			@Override
			public void flushBuffer() throws IOException {
				write();
				super.flushBuffer();
			}

			@Override
			public ServletOutputStream getOutputStream() throws IOException {
				ServletOutputStream delegate = super.getOutputStream();
				return new ServletOutputStream() {

					@Override
					public void write(int b) throws IOException {
						write(new byte[] { (byte) b }, 0, 1);
					}

					@Override
					public void write(byte[] b, int off, int len) throws IOException {
						OnCommit.this.bytes += len;
						if (OnCommit.this.contentLength >= 0 && OnCommit.this.bytes >= OnCommit.this.contentLength) {
							OnCommit.this.write();
						}
						delegate.write(b, off, len);
					}

					@Override
					public void flush() throws IOException {
						OnCommit.this.write();
						delegate.flush();
					}

					@Override
					public void close() throws IOException {
						OnCommit.this.write();
						delegate.close();
					}

					@Override
					public boolean isReady() {
						return delegate.isReady();
					}

					@Override
					public void setWriteListener(WriteListener listener) {
						delegate.setWriteListener(listener);
					}

				};
			}

		}

	}

	@RestController
	static class TestController {

		static final String PAGE = "<!DOCTYPE html><html><head><title>Page</title></head><body><p>Page</p></body></html>";

		@RequestMapping("/pages/home")
		ResponseEntity<String> home() {
			return ResponseEntity.ok().contentType(MediaType.valueOf("text/html;charset=UTF-8")).body(PAGE);
		}

		@GetMapping("/pages/written")
		void written(HttpServletResponse response) throws IOException {
			response.setContentType("text/html");
			response.setCharacterEncoding("UTF-8");
			response.getWriter().write(PAGE);
		}

		@GetMapping("/pages/xhtml")
		ResponseEntity<String> xhtml() {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_XHTML_XML).body(PAGE);
		}

		@GetMapping("/pages/framed")
		ResponseEntity<String> framedPage(@org.springframework.web.bind.annotation.RequestParam("options") String options) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).header("X-Frame-Options", options).body(PAGE);
		}

		@GetMapping("/api/framed")
		ResponseEntity<Map<String, String>> framedJson(
				@org.springframework.web.bind.annotation.RequestParam("options") String options) {
			return ResponseEntity.ok().header("X-Frame-Options", options).body(Map.of("framed", "yes"));
		}

		@GetMapping("/pages/own-policy")
		ResponseEntity<String> ownPolicy() {
			return ResponseEntity.ok()
				.contentType(MediaType.TEXT_HTML)
				.header("Content-Security-Policy", "script-src 'self' 'nonce-abc'")
				.body(PAGE);
		}

		@GetMapping("/pages/books/{id}")
		ResponseEntity<String> book(@PathVariable("id") int id) {
			return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(PAGE);
		}

		@GetMapping("/pages/failing")
		void failing(HttpServletResponse response) {
			response.setContentType("text/html");
			throw new IllegalStateException("failed after choosing HTML");
		}

		@GetMapping("/pages/send-error")
		void sendError(HttpServletResponse response) throws IOException {
			response.setContentType("text/html");
			response.sendError(409);
		}

		@GetMapping("/pages/versioned")
		ResponseEntity<String> versionedPage(WebRequest request) {
			if (request.checkNotModified("\"v1\"")) {
				return null;
			}
			return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(PAGE);
		}

		@GetMapping("/api/versioned")
		ResponseEntity<Map<String, String>> versionedJson() {
			return ResponseEntity.ok().eTag("\"v1\"").body(Map.of("version", "1"));
		}

		@GetMapping({ "/api/data", "/pages/data" })
		Map<String, String> data() {
			return Map.of("hello", "world");
		}

		@GetMapping("/api/hal")
		ResponseEntity<Map<String, String>> hal() {
			return ResponseEntity.ok().contentType(MediaType.valueOf("application/hal+json")).body(Map.of("a", "b"));
		}

		@GetMapping("/api/xml")
		ResponseEntity<String> xml() {
			return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body("<data><hello>world</hello></data>");
		}

		@GetMapping("/api/nothing")
		ResponseEntity<Void> nothing() {
			return ResponseEntity.noContent().build();
		}

		@GetMapping("/pages/moved")
		ResponseEntity<Void> moved() {
			return ResponseEntity.status(302).location(java.net.URI.create("/pages/home")).build();
		}

		@RequestMapping("/raw/untyped")
		void untyped(HttpServletResponse response) throws IOException {
			response.getOutputStream().write("<p>untyped</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

		@GetMapping("/api/later")
		CompletableFuture<Map<String, String>> later() {
			return CompletableFuture.supplyAsync(() -> Map.of("later", "yes"));
		}

		@GetMapping("/pages/streamed")
		ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody> streamed() {
			return ResponseEntity.ok()
				.contentType(MediaType.TEXT_HTML)
				.body((out) -> out.write(PAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}

		@GetMapping("/pages/later")
		CompletableFuture<ResponseEntity<String>> laterPage() {
			return CompletableFuture
				.supplyAsync(() -> ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(PAGE));
		}

	}

}
