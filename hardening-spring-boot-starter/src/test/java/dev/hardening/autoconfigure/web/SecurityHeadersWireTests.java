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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker's and a reviewer's look at the security headers' one-look path (the missing ones
 * added as bytes in one walk and one look at Tomcat's header list, the Servlet API path where the
 * application set an X-Frame-Options), read on the wire of a real embedded Tomcat through a raw
 * socket: the application's own security headers in another letter case, twice, set then removed,
 * set only before an error, in a {@code ResponseEntity}, in an async answer, before an early
 * {@code flushBuffer()}, dropped by a {@code reset()}; redirects, a 204, HEAD, OPTIONS, a 304, a
 * 429, a 413, a 400, a 500; many answers on one keep-alive connection (and on four side by side)
 * alternating between ones that set X-Frame-Options and ones that do not. Every response: each
 * security header exactly once, in one letter case, the application's value where it set one, the
 * Content-Security-Policy's {@code frame-ancestors} saying what the X-Frame-Options says.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		classes = SecurityHeadersWireTests.TestApplication.class,
		properties = { "hardening.web.allowed-hosts=localhost,127.0.0.1", "hardening.web.trusted-proxies=127.0.0.1",
				"hardening.web.limits.max-body-size=1KB", "hardening.web.headers.browser-paths=/page",
				"hardening.rate-limit.policies[0].name=tight", "hardening.rate-limit.policies[0].paths=/limited",
				"hardening.rate-limit.policies[0].key=ip", "hardening.rate-limit.policies[0].limits[0].capacity=1",
				"hardening.rate-limit.policies[0].limits[0].period=1h" })
class SecurityHeadersWireTests {

	private static final Pattern STATUS = Pattern.compile("(?=HTTP/1\\.1 \\d{3} )");

	private static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";

	private static final String API_CSP_SELF = "default-src 'none'; frame-ancestors 'self'";

	private static final String OWN_CSP = "default-src 'self'; img-src https://cdn.example.com";

	/** A value longer than any of the starter's, for the application's own headers. */
	private static final String LONG = "v".repeat(700) + "-";

	/** Every header a profile may add, and HSTS, in lower case. */
	private static final List<String> SECURITY = List.of("x-content-type-options", "x-frame-options",
			"cross-origin-opener-policy", "permissions-policy", "x-permitted-cross-domain-policies", "referrer-policy",
			"cross-origin-resource-policy", "content-security-policy", "strict-transport-security");

	@LocalServerPort
	private int port;

	/** One request and what its answer must show beyond the rules every answer keeps. */
	private record Case(String request, Consumer<Answer> expect) {

	}

	private static List<Case> cases() {
		List<Case> cases = new ArrayList<>();
		cases.add(get("/json", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "DENY");
			a.only("Content-Security-Policy", API_CSP);
			a.only("Referrer-Policy", "no-referrer");
			a.only("Cross-Origin-Resource-Policy", "same-origin");
		}));
		cases.add(get("/own/xfo-lower", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "SAMEORIGIN");
			a.only("Content-Security-Policy", API_CSP_SELF);
			a.only("Referrer-Policy", "no-referrer");
		}));
		cases.add(get("/own/csp-lower", (a) -> {
			a.only("X-Frame-Options", "DENY");
			a.only("Content-Security-Policy", OWN_CSP);
		}));
		cases.add(get("/own/referrer-lower", (a) -> {
			a.only("Referrer-Policy", "origin");
			a.only("X-Frame-Options", "DENY");
			a.only("Content-Security-Policy", API_CSP);
		}));
		cases.add(get("/own/xfo-removed", (a) -> {
			a.only("X-Frame-Options", "DENY");
			a.only("Content-Security-Policy", API_CSP);
		}));
		cases.add(get("/own/xfo-before-error", (a) -> {
			a.status(409);
			a.only("X-Frame-Options", "SAMEORIGIN");
			a.only("Content-Security-Policy", API_CSP_SELF);
		}));
		cases.add(get("/own/xfo-then-reset", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "DENY");
			a.only("Content-Security-Policy", API_CSP);
			assertThat(a.values("X-Before")).as(a.text).isEmpty();
		}));
		cases.add(get("/own/handled", (a) -> {
			a.status(409);
			a.only("X-Frame-Options", "sameorigin");
			a.only("Content-Security-Policy", API_CSP_SELF);
		}));
		cases.add(get("/redirect", (a) -> {
			a.status(302);
			a.only("X-Frame-Options", "DENY");
			assertThat(a.values("Content-Security-Policy")).as(a.text).isEmpty();
		}));
		cases.add(get("/own/redirect-xfo", (a) -> {
			a.status(302);
			a.only("X-Frame-Options", "SAMEORIGIN");
		}));
		cases.add(get("/no-content", (a) -> {
			a.status(204);
			a.only("X-Frame-Options", "DENY");
			assertThat(a.values("Content-Security-Policy")).as(a.text).isEmpty();
		}));
		cases.add(get("/send-error", (a) -> {
			a.status(409);
			a.only("X-Frame-Options", "DENY");
			a.only("Content-Security-Policy", API_CSP);
		}));
		cases.add(get("/own/entity", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "sameorigin");
			a.only("Content-Security-Policy", OWN_CSP);
			a.only("Referrer-Policy", "same-origin");
		}));
		cases.add(get("/status", (a) -> {
			a.status(201);
			a.only("X-Frame-Options", "DENY");
			a.only("Content-Security-Policy", API_CSP);
		}));
		cases.add(get("/callable", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "SAMEORIGIN");
			a.only("Content-Security-Policy", API_CSP_SELF);
		}));
		cases.add(get("/callable-plain", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "DENY");
			a.only("Content-Security-Policy", API_CSP);
		}));
		cases.add(get("/deferred", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "SAMEORIGIN");
			a.only("Content-Security-Policy", API_CSP_SELF);
		}));
		cases.add(get("/flush", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "SAMEORIGIN");
		}));
		cases.add(get("/flush-plain", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "DENY");
		}));
		cases.add(get("/page", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "DENY");
			a.only("Referrer-Policy", "strict-origin-when-cross-origin");
			assertThat(a.values("Cross-Origin-Resource-Policy")).as(a.text).isEmpty();
			assertThat(a.values("Content-Security-Policy")).as(a.text)
				.singleElement()
				.matches((csp) -> csp.startsWith("default-src 'self';") && csp.contains("frame-ancestors 'none'"));
		}));
		cases.add(get("/own/page-xfo", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "SAMEORIGIN");
			assertThat(a.values("Content-Security-Policy")).as(a.text)
				.singleElement()
				.matches((csp) -> csp.startsWith("default-src 'self';") && csp.contains("frame-ancestors 'self'"));
		}));
		cases.add(new Case("HEAD /own/xfo-lower HTTP/1.1\r\nHost: localhost\r\n", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "SAMEORIGIN");
		}));
		cases.add(new Case("HEAD /json HTTP/1.1\r\nHost: localhost\r\n", (a) -> {
			a.status(200);
			a.only("X-Frame-Options", "DENY");
		}));
		cases.add(new Case("OPTIONS /json HTTP/1.1\r\nHost: localhost\r\n", (a) -> a.only("X-Frame-Options", "DENY")));
		return cases;
	}

	private static Case get(String path, Consumer<Answer> expect) {
		return new Case("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n", expect);
	}

	@Test
	void everyAnswerOnOneConnectionCarriesEachSecurityHeaderOnceAndTheApplicationsOwn() {
		List<Case> cases = cases();
		// three rounds in three orders: an answer that set X-Frame-Options (or another security
		// header) next to one that did not, in every order, on fields Tomcat reuses
		List<Case> all = new ArrayList<>();
		Random random = new Random(57);
		for (int round = 0; round < 3; round++) {
			List<Case> shuffled = new ArrayList<>(cases);
			if (round > 0) {
				Collections.shuffle(shuffled, random);
			}
			all.addAll(shuffled);
		}

		List<String> responses = pipelined(all.stream().map(Case::request).toList());

		assertThat(responses).hasSize(all.size());
		for (int i = 0; i < all.size(); i++) {
			Answer answer = new Answer(responses.get(i));
			answer.keepsTheRules();
			all.get(i).expect().accept(answer);
		}
	}

	/**
	 * Answers whose every security header but X-Frame-Options the application set itself, in lower
	 * case, with values far longer than the starter's (so the one look still runs, and adds only
	 * X-Frame-Options), one after another with answers that get the starter's own on one
	 * connection (Tomcat reusing the fields and their buffers): each answer carries exactly its own
	 * values, nothing of a longer value before it left over. Also a response flushed with nothing
	 * set, whose headers are the shared ones.
	 */
	@Test
	void longOwnValuesAndTheStartersShortOnesAlternateWithoutLeftovers() {
		List<String> requests = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			requests.add("GET " + ((i % 3 == 0) ? "/json" : (i % 3 == 1) ? "/own/all-long" : "/flush-bare")
					+ " HTTP/1.1\r\nHost: localhost\r\n");
		}

		List<String> responses = pipelined(requests);

		assertThat(responses).hasSize(requests.size());
		for (int i = 0; i < responses.size(); i++) {
			Answer answer = new Answer(responses.get(i));
			answer.status(200);
			if (i % 3 == 1) {
				// all but X-Frame-Options, so that the one look runs and adds only that one (each
				// exactly once: the application's own nosniff is not the starter's to keep)
				for (String name : SECURITY) {
					if (!name.equals("strict-transport-security") && !name.equals("x-frame-options")) {
						answer.only(name, LONG + name);
					}
				}
				answer.only("X-Frame-Options", "DENY");
				continue;
			}
			answer.keepsTheRules();
			answer.only("X-Frame-Options", "DENY");
			answer.only("Cross-Origin-Opener-Policy", "same-origin");
			if (i % 3 == 0) {
				answer.only("Content-Security-Policy", API_CSP);
				answer.only("Referrer-Policy", "no-referrer");
				answer.only("Cross-Origin-Resource-Policy", "same-origin");
			}
		}
	}

	/**
	 * Four connections at once, each with forty answers that alternate between the starter's
	 * headers and the application's own (long ones, an X-Frame-Options, a policy), so Tomcat's
	 * threads fill their reused fields side by side: every answer carries exactly its own values.
	 */
	@Test
	void answersOnConnectionsSideBySideCarryEachTheirOwnValues() {
		List<String> paths = List.of("/json", "/own/all-long", "/own/xfo-lower", "/own/csp-lower");
		List<CompletableFuture<List<String>>> connections = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			int offset = c;
			List<String> requests = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				requests.add("GET " + paths.get((i + offset) % paths.size()) + " HTTP/1.1\r\nHost: localhost\r\n");
			}
			connections.add(CompletableFuture.supplyAsync(() -> pipelined(requests)));
		}

		for (int c = 0; c < connections.size(); c++) {
			List<String> responses = connections.get(c).join();
			assertThat(responses).hasSize(40);
			for (int i = 0; i < responses.size(); i++) {
				Answer answer = new Answer(responses.get(i));
				answer.status(200);
				switch (paths.get((i + c) % paths.size())) {
					case "/json" -> {
						answer.keepsTheRules();
						answer.only("X-Frame-Options", "DENY");
						answer.only("Content-Security-Policy", API_CSP);
						answer.only("Referrer-Policy", "no-referrer");
					}
					case "/own/all-long" -> {
						answer.only("X-Frame-Options", "DENY");
						answer.only("Content-Security-Policy", LONG + "content-security-policy");
						answer.only("Referrer-Policy", LONG + "referrer-policy");
					}
					case "/own/xfo-lower" -> {
						answer.keepsTheRules();
						answer.only("X-Frame-Options", "SAMEORIGIN");
						answer.only("Content-Security-Policy", API_CSP_SELF);
					}
					default -> {
						answer.keepsTheRules();
						answer.only("X-Frame-Options", "DENY");
						answer.only("Content-Security-Policy", OWN_CSP);
						answer.only("Referrer-Policy", "no-referrer");
					}
				}
			}
		}
	}

	/**
	 * The application sets its own X-Frame-Options, in lower case, then reads a chunked body that
	 * goes over the limit: the 413 carries one X-Frame-Options and a policy that says the same.
	 */
	@Test
	void aBodyOverTheLimitAfterTheApplicationsOwnFrameOptionsIsAConsistentProblem() {
		RawExchange.Response response = RawExchange.send(this.port, "POST", "/own/xfo-then-read", "application/json",
				new byte[8192], true);

		Answer answer = new Answer(response.head() + "\r\n\r\n" + response.body());
		answer.status(413);
		answer.keepsTheRules();
		assertThat(answer.values("Content-Security-Policy")).as(answer.text).hasSize(1);
		assertThat(answer.text).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
	}

	/** A 500 closes the connection (Tomcat drops it after that status): on its own connection. */
	@Test
	void anUnhandledExceptionIsAProblemWithTheHeadersOnce() {
		Answer answer = new Answer(pipelined(List.of("GET /throw HTTP/1.1\r\nHost: localhost\r\n")).get(0));

		answer.status(500);
		answer.keepsTheRules();
		answer.only("X-Frame-Options", "DENY");
		answer.only("Content-Security-Policy", API_CSP);
		assertThat(answer.text).contains("application/problem+json").contains("\"code\":\"INTERNAL_ERROR\"");
	}

	@Test
	void theApplicationsTwoValuesAreKeptAndNoneIsAdded() {
		Answer answer = new Answer(pipelined(List.of("GET /own/twice HTTP/1.1\r\nHost: localhost\r\n")).get(0));

		assertThat(answer.values("Referrer-Policy")).as(answer.text).containsExactly("origin", "same-origin");
		assertThat(answer.values("X-Frame-Options")).as(answer.text).containsExactly("DENY");
		assertThat(answer.values("Content-Security-Policy")).as(answer.text).containsExactly(API_CSP);
	}

	@Test
	void aNotModifiedAnswerCarriesTheSharedHeadersOnce() {
		Answer first = new Answer(pipelined(List.of("GET /json HTTP/1.1\r\nHost: localhost\r\n")).get(0));
		String etag = first.values("ETag").get(0);

		List<String> responses = pipelined(List.of(
				"GET /json HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: " + etag + "\r\n",
				"GET /own/xfo-lower HTTP/1.1\r\nHost: localhost\r\n",
				"GET /json HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: " + etag + "\r\n"));

		for (int i : new int[] { 0, 2 }) {
			Answer answer = new Answer(responses.get(i));
			answer.status(304);
			answer.keepsTheRules();
			answer.only("X-Frame-Options", "DENY");
		}
		new Answer(responses.get(1)).only("X-Frame-Options", "SAMEORIGIN");
	}

	@Test
	void aRateLimitedAnswerCarriesTheHeadersOnce() {
		List<String> responses = pipelined(List.of("GET /limited HTTP/1.1\r\nHost: localhost\r\n",
				"GET /limited HTTP/1.1\r\nHost: localhost\r\n", "GET /own/xfo-lower HTTP/1.1\r\nHost: localhost\r\n",
				"GET /limited HTTP/1.1\r\nHost: localhost\r\n"));

		Answer limited = new Answer(responses.get(1));
		limited.status(429);
		limited.keepsTheRules();
		limited.only("X-Frame-Options", "DENY");
		limited.only("Content-Security-Policy", API_CSP);
		new Answer(responses.get(2)).only("X-Frame-Options", "SAMEORIGIN");
		Answer again = new Answer(responses.get(3));
		again.status(429);
		again.keepsTheRules();
		again.only("X-Frame-Options", "DENY");
	}

	@Test
	void aBodyTooLargeAndAHostNotAllowedAreProblemsWithTheHeadersOnce() {
		String large = "x".repeat(4096);
		Answer tooLarge = new Answer(pipelined(List.of("POST /json HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + large.length() + "\r\n\r\n" + large))
			.get(0));
		tooLarge.status(413);
		tooLarge.keepsTheRules();
		tooLarge.only("X-Frame-Options", "DENY");
		assertThat(tooLarge.text).contains("application/problem+json").contains("\"code\":\"PAYLOAD_TOO_LARGE\"");

		Answer badHost = new Answer(pipelined(List.of("GET /own/xfo-lower HTTP/1.1\r\nHost: evil.example\r\n")).get(0));
		badHost.status(400);
		badHost.keepsTheRules();
		badHost.only("X-Frame-Options", "DENY");
		assertThat(badHost.text).contains("\"code\":\"INVALID_HOST\"");
	}

	@Test
	void hstsOverATrustedProxyIsAddedOnceAndTheApplicationsOwnKept() {
		String https = "X-Forwarded-Proto: https\r\n";
		List<String> responses = pipelined(List.of("GET /json HTTP/1.1\r\nHost: localhost\r\n" + https,
				"GET /own/hsts-lower HTTP/1.1\r\nHost: localhost\r\n" + https,
				"GET /own/xfo-lower HTTP/1.1\r\nHost: localhost\r\n" + https,
				"GET /send-error HTTP/1.1\r\nHost: localhost\r\n" + https, "GET /json HTTP/1.1\r\nHost: localhost\r\n",
				"GET /own/xfo-lower HTTP/1.1\r\nHost: localhost\r\n" + https));

		List<Answer> answers = responses.stream().map(Answer::new).toList();
		answers.forEach(Answer::keepsTheRules);
		answers.get(0).only("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
		answers.get(1).only("Strict-Transport-Security", "max-age=5");
		answers.get(2).only("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
		answers.get(2).only("X-Frame-Options", "SAMEORIGIN");
		answers.get(3).only("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
		assertThat(answers.get(4).values("Strict-Transport-Security")).as(answers.get(4).text).isEmpty();
		answers.get(5).only("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
	}

	/** Sends requests on one connection, all at once, the last closing it; reads every answer. */
	private List<String> pipelined(List<String> requests) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < requests.size(); i++) {
			String request = requests.get(i);
			boolean last = i == requests.size() - 1;
			if (request.contains("\r\n\r\n")) {
				// a request with a body: Connection: close goes into its head
				int end = request.indexOf("\r\n\r\n");
				request = request.substring(0, end + 2) + (last ? "Connection: close\r\n" : "") + request.substring(end + 2);
			}
			else {
				request = request + (last ? "Connection: close\r\n" : "") + "\r\n";
			}
			bytes.writeBytes(request.getBytes(StandardCharsets.ISO_8859_1));
		}
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(bytes.toByteArray());
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			try {
				in.transferTo(response);
			}
			catch (IOException ex) {
				// a reset after the answers: keep what arrived
			}
			String all = response.toString(StandardCharsets.ISO_8859_1);
			return List.of(STATUS.split(all)).stream().filter((part) -> !part.isEmpty()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One answer as it came over the wire. */
	static final class Answer {

		final String text;

		final List<String> lines;

		Answer(String text) {
			this.text = text;
			int end = text.indexOf("\r\n\r\n");
			assertThat(end).as(text).isPositive();
			List<String> all = List.of(text.substring(0, end).split("\r\n", -1));
			this.lines = all.subList(1, all.size());
		}

		void status(int status) {
			assertThat(this.text).startsWith("HTTP/1.1 " + status + " ");
		}

		List<String> values(String name) {
			return this.lines.stream()
				.filter((line) -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
				.map((line) -> line.substring(name.length() + 1).trim())
				.toList();
		}

		/** The header is there once, with this value (its name in any case). */
		void only(String name, String value) {
			assertThat(values(name)).as(name + " in\n" + this.text).containsExactly(value);
		}

		/**
		 * What every answer keeps: no security header twice nor in two letter cases;
		 * X-Content-Type-Options and X-Frame-Options there; no Server nor X-Powered-By; a
		 * Content-Security-Policy's {@code frame-ancestors}, where it has one that X-Frame-Options
		 * can say, saying what the X-Frame-Options says.
		 */
		void keepsTheRules() {
			Map<String, List<String>> spellings = new LinkedHashMap<>();
			for (String line : this.lines) {
				String name = line.substring(0, line.indexOf(':'));
				spellings.computeIfAbsent(name.toLowerCase(Locale.ROOT), (k) -> new ArrayList<>()).add(name);
			}
			for (String name : SECURITY) {
				List<String> seen = spellings.getOrDefault(name, List.of());
				assertThat(seen).as(name + " in\n" + this.text).hasSizeLessThanOrEqualTo(1);
			}
			assertThat(spellings).as(this.text).doesNotContainKeys("server", "x-powered-by");
			assertThat(values("X-Content-Type-Options")).as(this.text).containsExactly("nosniff");
			List<String> frameOptions = values("X-Frame-Options");
			assertThat(frameOptions).as(this.text).hasSize(1);
			for (String csp : values("Content-Security-Policy")) {
				String frame = frameOptions.get(0).trim().toUpperCase(Locale.ROOT);
				if (csp.contains("frame-ancestors 'self'")) {
					assertThat(frame).as(this.text).isEqualTo("SAMEORIGIN");
				}
				if (csp.contains("frame-ancestors 'none'")) {
					assertThat(frame).as(this.text).isEqualTo("DENY");
				}
			}
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	static class Refused extends RuntimeException {

	}

	@RestController
	static class TestController {

		@RequestMapping("/json")
		Map<String, String> json() {
			return Map.of("a", "b");
		}

		@GetMapping("/limited")
		Map<String, String> limited() {
			return Map.of("a", "b");
		}

		@GetMapping("/own/xfo-lower")
		Map<String, String> xfoLower(HttpServletResponse response) {
			response.setHeader("x-frame-options", "SAMEORIGIN");
			return Map.of("a", "b");
		}

		@GetMapping("/own/csp-lower")
		Map<String, String> cspLower(HttpServletResponse response) {
			response.setHeader("content-security-policy", OWN_CSP);
			return Map.of("a", "b");
		}

		@GetMapping("/own/referrer-lower")
		Map<String, String> referrerLower(HttpServletResponse response) {
			response.setHeader("referrer-policy", "origin");
			return Map.of("a", "b");
		}

		@GetMapping("/own/twice")
		Map<String, String> twice(HttpServletResponse response) {
			response.addHeader("Referrer-Policy", "origin");
			response.addHeader("Referrer-Policy", "same-origin");
			return Map.of("a", "b");
		}

		@GetMapping("/own/hsts-lower")
		Map<String, String> hstsLower(HttpServletResponse response) {
			response.setHeader("strict-transport-security", "max-age=5");
			return Map.of("a", "b");
		}

		@GetMapping("/own/xfo-removed")
		Map<String, String> xfoRemoved(HttpServletResponse response) {
			response.setHeader("X-Frame-Options", "SAMEORIGIN");
			response.setHeader("x-frame-options", null);
			return Map.of("a", "b");
		}

		@GetMapping("/own/xfo-then-reset")
		Map<String, String> xfoThenReset(HttpServletResponse response) throws IOException {
			response.setHeader("x-frame-options", "SAMEORIGIN");
			response.setHeader("X-Before", "1");
			response.reset();
			return Map.of("a", "b");
		}

		@PostMapping("/own/xfo-then-read")
		Map<String, String> xfoThenRead(HttpServletRequest request, HttpServletResponse response)
				throws IOException {
			response.setHeader("x-frame-options", "SAMEORIGIN");
			request.getInputStream().readAllBytes();
			return Map.of("a", "b");
		}

		@GetMapping("/own/handled")
		Map<String, String> handled() {
			throw new Refused();
		}

		/** Only the error answer sets its own X-Frame-Options, in lower case. */
		@ExceptionHandler(Refused.class)
		ResponseEntity<Map<String, String>> refused() {
			return ResponseEntity.status(HttpStatus.CONFLICT).header("x-frame-options", "sameorigin").body(Map.of("a", "b"));
		}

		@GetMapping("/redirect")
		void redirect(HttpServletResponse response) throws IOException {
			response.sendRedirect("/json");
		}

		@GetMapping("/own/redirect-xfo")
		void redirectXfo(HttpServletResponse response) throws IOException {
			response.setHeader("x-frame-options", "SAMEORIGIN");
			response.sendRedirect("/json");
		}

		@GetMapping("/no-content")
		@ResponseStatus(HttpStatus.NO_CONTENT)
		void noContent() {
		}

		@GetMapping("/own/xfo-before-error")
		void xfoBeforeError(HttpServletResponse response) throws IOException {
			response.setHeader("x-frame-options", "SAMEORIGIN");
			response.sendError(409);
		}

		@GetMapping("/send-error")
		void sendError(HttpServletResponse response) throws IOException {
			response.sendError(409);
		}

		@GetMapping("/throw")
		Map<String, String> fail() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/own/entity")
		ResponseEntity<Map<String, String>> entity() {
			return ResponseEntity.ok()
				.header("x-frame-options", "sameorigin")
				.header("content-security-policy", OWN_CSP)
				.header("referrer-policy", "same-origin")
				.body(Map.of("a", "b"));
		}

		@GetMapping("/status")
		@ResponseStatus(HttpStatus.CREATED)
		Map<String, String> status() {
			return Map.of("a", "b");
		}

		@GetMapping("/callable")
		Callable<ResponseEntity<Map<String, String>>> callable() {
			return () -> ResponseEntity.ok().header("x-frame-options", "SAMEORIGIN").body(Map.of("a", "b"));
		}

		@GetMapping("/callable-plain")
		Callable<Map<String, String>> callablePlain() {
			return () -> Map.of("a", "b");
		}

		@GetMapping("/deferred")
		DeferredResult<ResponseEntity<Map<String, String>>> deferred() {
			DeferredResult<ResponseEntity<Map<String, String>>> result = new DeferredResult<>();
			result.setResult(ResponseEntity.ok().header("x-frame-options", "SAMEORIGIN").body(Map.of("a", "b")));
			return result;
		}

		@GetMapping("/flush")
		void flush(HttpServletResponse response) throws IOException {
			response.setContentType("application/json");
			response.setHeader("x-frame-options", "SAMEORIGIN");
			response.flushBuffer();
			response.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
		}

		@GetMapping("/own/all-long")
		Map<String, String> allLong(HttpServletResponse response) {
			for (String name : SECURITY) {
				if (!name.equals("strict-transport-security") && !name.equals("x-frame-options")) {
					response.setHeader(name, LONG + name);
				}
			}
			return Map.of("a", "b");
		}

		@GetMapping("/flush-bare")
		void flushBare(HttpServletResponse response) throws IOException {
			response.flushBuffer();
			response.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
		}

		@GetMapping("/flush-plain")
		void flushPlain(HttpServletResponse response) throws IOException {
			response.setContentType("application/json");
			response.flushBuffer();
			response.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
		}

		@GetMapping(path = "/page", produces = "text/html")
		String page() {
			return "<p>page</p>";
		}

		@GetMapping(path = "/own/page-xfo", produces = "text/html")
		String pageXfo(HttpServletResponse response) {
			response.setHeader("x-frame-options", "SAMEORIGIN");
			return "<p>page</p>";
		}

	}

}
